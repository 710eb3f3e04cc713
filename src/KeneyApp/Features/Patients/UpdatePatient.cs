using KeneyApp.Domain;
using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Patients;

/// <summary>
/// Replaces the fields the caller may write (API.md: "fields it may not see or write stay as they are"):
/// doctors and admins write everything; receptionists identity and contact only, and any clinical field they
/// send is left as it was. Fields absent from the body keep their value.
/// </summary>
internal sealed class UpdatePatient(AppDbContext db, CurrentUser user, PatientWriter writer, PatientReader reader, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<PatientResponse>> HandleAsync(int id, PatientRequest request, CancellationToken ct)
    {
        var patient = await db.VisiblePatients(user).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (patient is null)
        {
            return Problem.NotFound("patient");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var clinical = user.Can(Permission.PatientsUpdateClinical);
        var validation = PatientValidation.Check(request, DateOnly.FromDateTime(now), partial: true);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }
        writer.Apply(patient, request, clinical);
        patient.UpdatedAt = now;
        if (await DuplicateIns.SaveAsync(db, patient, ct) is { } duplicate)
        {
            return duplicate;
        }
        await audit.RecordAsync(AuditActions.Update, "patient", id, ct: ct);
        return reader.Read(patient, await db.Users.AnyAsync(u => u.PatientId == id, ct));
    }
}
