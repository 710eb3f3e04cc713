using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Accounts;

/// <summary>
/// An admin turns two-factor sign-in off for a user of the clinic who lost the device and the recovery codes: the
/// secret and the codes are erased and the user's sessions end, so whoever holds the old device is signed out. The
/// user enrols again at the next sign-in. Another clinic's user does not exist here (404); an admin's own second
/// factor is not reset this way (403).
/// </summary>
public sealed class ResetMfa(AppDbContext db, CurrentUser current, SessionRevocations revocations, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<bool>> HandleAsync(int id, CancellationToken ct)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null)
        {
            return Problem.NotFound("user");
        }
        // One's own second factor goes off with a code from it (Mfa.DisableAsync): a stolen admin session must not
        // strip it without one.
        if (user.Id == current.Id)
        {
            return Problem.Forbidden("Turn off your own two-factor sign-in from your account page, with a code.");
        }
        if (!user.MfaEnabled && user.MfaPendingSecret is null)
        {
            return Problem.Conflict("Two-factor sign-in is not on for this user.");
        }
        user.MfaEnabled = false;
        user.MfaSecret = null;
        user.MfaPendingSecret = null;
        user.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        db.Set<RecoveryCode>().RemoveRange(await db.Set<RecoveryCode>().Where(c => c.UserId == user.Id).ToListAsync(ct));
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await revocations.EndAllOfUserAsync(user.Id, keep: null, SessionEndReasons.AccountChange, ct);
        await audit.RecordAsync(AuditActions.MfaDisable, "user", user.Id, details: "reset_by_admin", ct: ct);
        await tx.CommitAsync(ct);
        return true;
    }
}
