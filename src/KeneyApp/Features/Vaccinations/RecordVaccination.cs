using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;

namespace KeneyApp.Features.Vaccinations;

/// <summary>
/// Records an administered dose. The next due date comes from the clinic's catalogue booster interval unless
/// the clinician gives one; the administering clinician is the caller.
/// </summary>
internal sealed class RecordVaccination(AppDbContext db, CurrentUser user, ClinicCalendar calendar, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<VaccinationResponse>> HandleAsync(VaccinationRequest r, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = await calendar.TodayAsync(ct);
        var code = r.VaccineCode?.Trim().ToUpperInvariant();
        var catalogue = await VaccineCatalogue.EntriesAsync(db, ct);
        var entry = catalogue.FirstOrDefault(c => c.Code == code);
        var validation = new Validation()
            .Check(r.PatientId is not null, "patient_id", "Required.")
            .Required(code, "vaccine_code", 32)
            .Check(entry is not null || !string.IsNullOrWhiteSpace(r.VaccineName), "vaccine_name", "Required for a vaccine outside the catalogue.")
            .Optional(r.VaccineName, "vaccine_name", 200)
            .Check(r.DoseNumber is null or (>= 1 and <= 20), "dose_number", "Between 1 and 20.")
            .Check(r.AdministeredOn is null || r.AdministeredOn <= today, "administered_on", "Must not be in the future.")
            .Optional(r.LotNumber, "lot_number", 64)
            .Check(r.NextDueOn is null || r.NextDueOn > (r.AdministeredOn ?? today), "next_due_on", "Must be after the administration date.");
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }
        if (!await db.CanSeePatientAsync(user, r.PatientId!.Value, ct))
        {
            return Problem.NotFound("patient");
        }
        var administeredOn = r.AdministeredOn ?? today;
        var vaccination = new Vaccination
        {
            PatientId = r.PatientId.Value,
            VaccineCode = code!,
            VaccineName = string.IsNullOrWhiteSpace(r.VaccineName) ? entry!.Name : r.VaccineName.Trim(),
            DoseNumber = r.DoseNumber ?? 1,
            AdministeredOn = administeredOn,
            LotNumber = r.LotNumber?.Trim(),
            NextDueOn = r.NextDueOn ?? (entry?.BoosterIntervalDays is { } days ? administeredOn.AddDays(days) : null),
            AdministeredById = user.Id,
            CreatedAt = now,
        };
        db.Add(vaccination);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(AuditActions.Create, "vaccination", vaccination.Id, details: $"patient_id={vaccination.PatientId}", ct: ct);
        await tx.CommitAsync(ct);
        return VaccinationResponse.From(vaccination);
    }
}
