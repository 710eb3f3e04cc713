using System.ComponentModel.DataAnnotations;
using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Identity;
using KeneyApp.Platform.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Accounts;

public sealed record ChangePasswordRequest([property: Required] string? CurrentPassword, [property: Required] string? NewPassword);

/// <summary>
/// Changes the caller's password and ends all its other sessions. The current password is checked under the
/// login's lockout, so a stolen access token cannot be used to guess it.
/// </summary>
public sealed class ChangePassword(AppDbContext db, CurrentUser current, Passwords passwords, PasswordAttempts attempts,
    SessionRevocations revocations, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<bool>> HandleAsync(ChangePasswordRequest request, CancellationToken ct)
    {
        var validation = new Validation()
            .Check(!string.IsNullOrEmpty(request.CurrentPassword), "current_password", "Required.")
            .Check(Passwords.Problem(request.NewPassword) is null, "new_password", Passwords.Problem(request.NewPassword) ?? "")
            .Check(request.NewPassword != request.CurrentPassword, "new_password", "Must differ from the current password.");
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }
        var id = current.Id;
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null)
        {
            return Problem.NotFound("user");
        }
        if (!await attempts.TryTakeAsync(user.Id, ct))
        {
            await audit.RecordAsync(AuditActions.PasswordChange, "user", user.Id, AuditOutcomes.Denied, "reason=locked_out", ct);
            return PasswordAttempts.LockedOut;
        }
        if (passwords.Verify(user, request.CurrentPassword!) == PasswordVerificationResult.Failed)
        {
            await audit.RecordAsync(AuditActions.PasswordChange, "user", user.Id, AuditOutcomes.Failure, ct: ct);
            return Problem.Invalid("current_password", "Incorrect password.");
        }
        await attempts.SucceededAsync(user.Id, ct);
        user.PasswordHash = passwords.Hash(user, request.NewPassword!);
        user.PasswordChangedAt = user.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await revocations.EndAllOfUserAsync(user.Id, keep: current.SessionId, SessionEndReasons.PasswordChange, ct);
        await audit.RecordAsync(AuditActions.PasswordChange, "user", user.Id, ct: ct);
        await tx.CommitAsync(ct);
        return true;
    }
}
