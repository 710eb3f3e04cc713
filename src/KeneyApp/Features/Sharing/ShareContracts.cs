using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace KeneyApp.Features.Sharing;

/// <summary>What a custom share opens: ids of the patient's records, each checked to be the patient's at creation.</summary>
public sealed record ShareResources(IReadOnlyList<int>? Appointments, IReadOnlyList<int>? Prescriptions, IReadOnlyList<int>? Documents,
    IReadOnlyList<int>? Vaccinations);

/// <summary>A new share. <c>require_pin</c> defaults to true; <c>consent_given</c> must be true.</summary>
public sealed record CreateShareRequest(
    [property: Required] int? PatientId, [property: Required] string? Scope, ShareResources? CustomResources, string? RecipientEmail,
    string? RecipientName, [property: Required] int? ExpiresInHours, int? MaxAccessCount, bool? RequirePin, string? Purpose, string? Notes,
    [property: Required] bool? ConsentGiven);

/// <summary>A share as its creator (or an admin) sees it: never its token or PIN.</summary>
public record ShareResponse(
    int Id, int PatientId, int CreatedById, string Scope, ShareResources? CustomResources, string? RecipientEmail, string? RecipientName,
    string? Purpose, string? Notes, bool RequirePin, string Status, DateTime ExpiresAt, int AccessCount, int? MaxAccessCount,
    DateTime? LastAccessedAt, string? LastAccessedIp, bool ConsentGiven, DateTime ConsentAt, int ConsentRecordedById, DateTime CreatedAt,
    DateTime? RevokedAt);

/// <summary>
/// The creation's answer, as in the customer's example: the share with its link's token, the link (the token in its
/// fragment, which browsers never send to a server) and the PIN — shown this once only.
/// </summary>
public sealed record CreatedShareResponse : ShareResponse
{
    public CreatedShareResponse(ShareResponse share, string shareToken, string shareUrl, string? accessPin) : base(share)
    {
        ShareToken = shareToken;
        ShareUrl = shareUrl;
        AccessPin = accessPin;
    }

    public string ShareToken { get; }
    public string ShareUrl { get; }
    public string? AccessPin { get; }
}

/// <summary>One successful opening of a share, from the audit trail.</summary>
public sealed record ShareOpening(DateTime At, string? Ip);

/// <summary>A share with every opening so far: who it was given to (<c>recipient_name</c>) and when it was opened.</summary>
public sealed record ShareDetailResponse : ShareResponse
{
    public ShareDetailResponse(ShareResponse share, IReadOnlyList<ShareOpening> openings) : base(share) => Openings = openings;

    public IReadOnlyList<ShareOpening> Openings { get; }
}

/// <summary>The public access: the link's token, the PIN when the share has one, then the recipient's e-mail and the code mailed to it when restricted.</summary>
public sealed record AccessShareRequest([property: Required] string? Token, string? Pin, string? Email, string? EmailCode);

public sealed record EmailVerificationResponse(bool EmailVerificationRequired);

public sealed record SharedPatient(string FirstName, string LastName, DateOnly DateOfBirth)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? BloodType { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Allergies { get; init; }
}

public sealed record SharedAppointment(int Id, DateTime AppointmentDate, int DurationMinutes, string Status, string? DoctorName, string? Reason);

public sealed record SharedPrescription(int Id, string MedicationName, string Dosage, string Frequency, DateOnly StartDate, DateOnly EndDate,
    string Status, string? DoctorName, string? Instructions);

public sealed record SharedVaccination(int Id, string VaccineCode, string VaccineName, int DoseNumber, DateOnly AdministeredOn, DateOnly? NextDueOn);

public sealed record SharedDocument(int Id, string DocumentType, string OriginalFilename, string MimeType, long FileSize, string? Description,
    DateTime CreatedAt);

/// <summary>
/// The shared record, in the shape of the customer's example, limited to the share's scope: what is outside it is
/// absent, not null. <c>document_access_token</c> (when documents are in scope) opens
/// <c>GET /api/v1/shares/access/documents/{id}</c> for a few minutes.
/// </summary>
public sealed record SharedRecordResponse(SharedPatient Patient, string Scope, DateTime AccessedAt, DateTime ExpiresAt)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<SharedAppointment>? Appointments { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<SharedPrescription>? Prescriptions { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<SharedVaccination>? Vaccinations { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<SharedDocument>? Documents { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MedicalHistory { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DocumentAccessToken { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTime? DocumentAccessExpiresAt { get; init; }
}

/// <summary>How the sharing forms and handlers read an optional text field: blank is absent.</summary>
internal static class ShareInput
{
    public static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
