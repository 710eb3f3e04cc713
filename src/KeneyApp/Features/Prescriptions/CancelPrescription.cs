using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Prescriptions;

/// <summary>A signed prescription is never edited or erased: DELETE cancels it, and it stays in the record.</summary>
internal sealed class CancelPrescription(AppDbContext db, CurrentUser user, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<bool>> HandleAsync(int id, CancellationToken ct)
    {
        var prescription = await db.Visible<Prescription>(user).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (prescription is null)
        {
            return Problem.NotFound("prescription");
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (prescription.CancelledAt is null)
        {
            prescription.CancelledAt = clock.GetUtcNow().UtcDateTime;
            prescription.CancelledById = user.Id;
            await db.SaveChangesAsync(ct);
        }
        await audit.RecordAsync(AuditActions.Delete, "prescription", id, ct: ct);
        await tx.CommitAsync(ct);
        return true;
    }
}
