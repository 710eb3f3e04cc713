using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Identity;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Accounts;

public sealed record ResetPasswordRequest(string? NewPassword);
public sealed record ResetPasswordResponse(string? TemporaryPassword);

/// <summary>An admin sets a new password (or has one generated, shown once), unlocks the account and ends its sessions.</summary>
public sealed class ResetPassword(AppDbContext db, Passwords passwords, SessionRevocations revocations, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<ResetPasswordResponse>> HandleAsync(int id, ResetPasswordRequest? request, CancellationToken ct)
    {
        var chosen = request?.NewPassword;
        if (chosen is not null && Passwords.Problem(chosen) is { } problem)
        {
            return Problem.Invalid("new_password", problem);
        }
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null)
        {
            return Problem.NotFound("user");
        }
        var temporary = chosen is null ? Passwords.Generate() : null;
        user.PasswordHash = passwords.Hash(user, chosen ?? temporary!);
        user.PasswordChangedAt = user.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await revocations.EndAllOfUserAsync(user.Id, keep: null, SessionEndReasons.PasswordReset, ct);
        await audit.RecordAsync(AuditActions.PasswordReset, "user", user.Id, ct: ct);
        await tx.CommitAsync(ct);
        return new ResetPasswordResponse(temporary);
    }
}
