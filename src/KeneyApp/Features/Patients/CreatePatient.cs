using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;

namespace KeneyApp.Features.Patients;

/// <summary>
/// Registers a patient in the caller's clinic. Receptionists register identity and contact only: clinical
/// fields they send are not written (the role may neither see nor write them).
/// </summary>
internal sealed class CreatePatient(AppDbContext db, CurrentUser user, PatientWriter writer, PatientReader reader, ClinicCalendar calendar, AuditLog audit,
    TimeProvider clock)
{
    public async Task<Outcome<PatientResponse>> HandleAsync(PatientRequest request, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var clinical = user.Can(Permission.PatientsUpdateClinical);
        var validation = PatientValidation.Check(request, await calendar.TodayAsync(ct), partial: false);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }
        var patient = new Patient
        {
            TenantId = user.TenantId ?? throw new InvalidOperationException("Staff always have a clinic."),
            FirstName = "",
            LastName = "",
            SearchName = "",
            Gender = "",
            CreatedById = user.Id,
            CreatedAt = now,
            UpdatedAt = now,
        };
        writer.Apply(patient, request, clinical);
        db.Add(patient);
        if (await DuplicateIns.SaveAsync(db, patient, () => audit.RecordAsync(AuditActions.Create, "patient", patient.Id, ct: ct), ct) is { } duplicate)
        {
            return duplicate;
        }
        return reader.Read(patient, hasPortalAccount: false);
    }
}
