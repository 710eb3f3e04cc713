using System.Text.RegularExpressions;
using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;

namespace KeneyApp.Features.Prescriptions;

/// <summary>A doctor prescribes for a patient of the clinic. The end date follows from start and duration.</summary>
internal sealed partial class Prescribe(AppDbContext db, CurrentUser user, ClinicCalendar calendar, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<PrescriptionResponse>> HandleAsync(PrescriptionRequest r, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = await calendar.TodayAsync(ct);
        var validation = new Validation()
            .Check(r.PatientId is not null, "patient_id", "Required.")
            .Required(r.MedicationName, "medication_name", 200)
            .Check(r.AtcCode is null || AtcCode().IsMatch(r.AtcCode), "atc_code", "An ATC code, e.g. J01CA04.")
            .Required(r.Dosage, "dosage", 200)
            .Required(r.Frequency, "frequency", 200)
            .Check(r.DurationDays is >= 1 and <= 366, "duration_days", "Between 1 and 366.")
            .Check(r.Refills is null or (>= 0 and <= 12), "refills", "Between 0 and 12.")
            .Check(r.StartDate is null || r.StartDate >= today.AddDays(-30), "start_date", "At most 30 days in the past.")
            .Check(r.StartDate is null || r.StartDate <= today.AddDays(366), "start_date", "At most a year ahead.")
            .Optional(r.Instructions, "instructions", 2000);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }
        if (!await db.CanSeePatientAsync(user, r.PatientId!.Value, ct))
        {
            return Problem.NotFound("patient");
        }
        var start = r.StartDate ?? today;
        var prescription = new Prescription
        {
            PatientId = r.PatientId.Value,
            DoctorId = user.Id,
            MedicationName = r.MedicationName!.Trim(),
            AtcCode = r.AtcCode,
            Dosage = r.Dosage!.Trim(),
            Frequency = r.Frequency!.Trim(),
            DurationDays = r.DurationDays!.Value,
            StartDate = start,
            EndDate = start.AddDays(r.DurationDays.Value - 1),
            Refills = r.Refills ?? 0,
            Instructions = r.Instructions?.Trim(),
            CreatedAt = now,
        };
        db.Add(prescription);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(AuditActions.Create, "prescription", prescription.Id, details: $"patient_id={prescription.PatientId}", ct: ct);
        await tx.CommitAsync(ct);
        return PrescriptionResponse.From(prescription, today);
    }

    /// <summary>WHO ATC code at any level: A, A01, A01A, A01AA, A01AA01.</summary>
    [GeneratedRegex(@"^[A-Z](\d{2}([A-Z]([A-Z](\d{2})?)?)?)?$")]
    private static partial Regex AtcCode();
}
