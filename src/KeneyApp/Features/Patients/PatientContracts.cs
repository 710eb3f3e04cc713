using KeneyApp.Platform.Crypto;
using KeneyApp.Platform.Security;

namespace KeneyApp.Features.Patients;

/// <summary>What a client may write. Anything else in the body (tenant_id, id, timestamps) is not read.</summary>
public sealed record PatientRequest(
    string? FirstName, string? LastName, DateOnly? DateOfBirth, string? Gender, string? Email, string? Phone, string? Address,
    string? MedicalHistory, string? Allergies, string? BloodType, string? EmergencyContact, string? EmergencyPhone,
    string? InsNumber, string? PreferredLanguage, string? Timezone);

/// <summary>
/// A patient as the caller may see it. Clinical fields are null (and omitted) for roles without
/// <see cref="Permission.PatientsReadClinical"/>.
/// </summary>
public sealed record PatientResponse(
    int Id, string FirstName, string LastName, DateOnly DateOfBirth, string Gender, string? Email, string? Phone, string? Address,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    string? MedicalHistory,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    string? Allergies,
    string? BloodType, string? EmergencyContact, string? EmergencyPhone, string? InsNumber, string PreferredLanguage,
    string Timezone, bool HasPortalAccount, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>Decrypts a patient row for one caller: clinical fields only when the role may read them.</summary>
public sealed class PatientReader(FieldEncryptor encryptor, CurrentUser user)
{
    public PatientResponse Read(Patient p, bool hasPortalAccount)
    {
        var clinical = user.Can(Permission.PatientsReadClinical);
        string? Open(string purpose, string? stored) => encryptor.DecryptOrNull(p.TenantId, purpose, stored);
        return new PatientResponse(
            p.Id, p.FirstName, p.LastName, p.DateOfBirth, p.Gender, p.Email, p.Phone, Open(PatientFields.Address, p.AddressEncrypted),
            clinical ? Open(PatientFields.MedicalHistory, p.MedicalHistoryEncrypted) ?? "" : null,
            clinical ? Open(PatientFields.Allergies, p.AllergiesEncrypted) ?? "" : null,
            p.BloodType, Open(PatientFields.EmergencyContact, p.EmergencyContactEncrypted),
            Open(PatientFields.EmergencyPhone, p.EmergencyPhoneEncrypted), p.InsNumber, p.PreferredLanguage, p.Timezone,
            hasPortalAccount, p.CreatedAt, p.UpdatedAt);
    }
}
