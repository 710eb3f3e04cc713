using System.ComponentModel.DataAnnotations;

namespace KeneyApp.Features.Prescriptions;

/// <summary>Writable fields. There is no <c>doctor_id</c>: the prescriber is always the caller.</summary>
public sealed record PrescriptionRequest(
    [property: Required] int? PatientId, [property: Required] string? MedicationName, string? AtcCode, [property: Required] string? Dosage, [property: Required] string? Frequency, [property: Required] int? DurationDays,
    DateOnly? StartDate, int? Refills, string? Instructions);

public sealed record PrescriptionResponse(
    int Id, int PatientId, int DoctorId, string MedicationName, string? AtcCode, string Dosage, string Frequency, int DurationDays,
    DateOnly StartDate, DateOnly EndDate, int Refills, string? Instructions, PrescriptionStatus Status, DateTime CreatedAt, DateTime? CancelledAt)
{
    public static PrescriptionResponse From(Prescription p, DateOnly today) => new(
        p.Id, p.PatientId, p.DoctorId, p.MedicationName, p.AtcCode, p.Dosage, p.Frequency, p.DurationDays, p.StartDate, p.EndDate,
        p.Refills, p.Instructions, p.StatusOn(today), p.CreatedAt, p.CancelledAt);
}
