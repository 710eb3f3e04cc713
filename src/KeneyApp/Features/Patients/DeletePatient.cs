using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Patients;

/// <summary>Archives a patient (records are kept, as the law requires); its portal account and sessions stop working at once.</summary>
internal sealed class DeletePatient(AppDbContext db, CurrentUser user, SessionRevocations revocations, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<bool>> HandleAsync(int id, CancellationToken ct)
    {
        var patient = await db.VisiblePatients(user).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (patient is null)
        {
            return Problem.NotFound("patient");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        patient.DeletedAt = now;
        patient.UpdatedAt = now;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Users.Where(u => u.PatientId == id).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, false), ct);
        await revocations.EndAllOfPatientAsync(id, SessionEndReasons.PatientArchived, ct);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(AuditActions.Delete, "patient", id, ct: ct);
        await tx.CommitAsync(ct);
        return true;
    }
}
