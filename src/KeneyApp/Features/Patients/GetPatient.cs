using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Patients;

/// <summary>One patient, for staff of its clinic or the patient itself; anyone else gets 404.</summary>
internal sealed class GetPatient(AppDbContext db, CurrentUser user, PatientReader reader, AuditLog audit)
{
    public async Task<Outcome<PatientResponse>> HandleAsync(int id, CancellationToken ct)
    {
        var patient = await db.VisiblePatients(user).AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (patient is null)
        {
            return Problem.NotFound("patient");
        }
        var hasAccount = await db.Users.AnyAsync(u => u.PatientId == id, ct);
        await audit.RecordAsync(AuditActions.Read, "patient", id, ct: ct);
        return reader.Read(patient, hasAccount);
    }
}
