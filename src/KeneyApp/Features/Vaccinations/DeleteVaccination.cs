using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Vaccinations;

/// <summary>Removes a vaccination entered in error: archived, not erased, and no longer shown.</summary>
internal sealed class DeleteVaccination(AppDbContext db, CurrentUser user, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<bool>> HandleAsync(int id, CancellationToken ct)
    {
        var vaccination = await db.Visible<Vaccination>(user).FirstOrDefaultAsync(v => v.Id == id, ct);
        if (vaccination is null)
        {
            return Problem.NotFound("vaccination");
        }
        vaccination.DeletedAt = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(AuditActions.Delete, "vaccination", id, ct: ct);
        await tx.CommitAsync(ct);
        return true;
    }
}
