using System.ComponentModel.DataAnnotations;
using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Identity;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Accounts;

public sealed record MfaSetupResponse(string Secret, string OtpauthUri);
public sealed record MfaCodeRequest([property: Required] string? Code);
public sealed record MfaSetupRequest([property: Required] string? CurrentPassword);
public sealed record MfaActivatedResponse(IReadOnlyList<string> RecoveryCodes);

/// <summary>
/// TOTP enrolment: set up a secret (the password is asked again, so a stolen access token can't enrol the
/// thief's phone), confirm it with a code (then get recovery codes), or turn it off with a code.
/// </summary>
public sealed class Mfa(AppDbContext db, CurrentUser current, TotpCodes totp, Passwords passwords, PasswordAttempts attempts, AuditLog audit,
    TimeProvider clock)
{
    public async Task<Outcome<MfaSetupResponse>> SetupAsync(MfaSetupRequest request, CancellationToken ct)
    {
        var user = await CallerAsync(ct);
        if (user is null)
        {
            return Problem.NotFound("user");
        }
        if (string.IsNullOrEmpty(request.CurrentPassword))
        {
            return Problem.Invalid("current_password", "Required.");
        }
        if (!await attempts.TryTakeAsync(user.Id, ct))
        {
            return PasswordAttempts.LockedOut;
        }
        if (passwords.Verify(user, request.CurrentPassword) == Microsoft.AspNetCore.Identity.PasswordVerificationResult.Failed)
        {
            return Problem.Invalid("current_password", "Incorrect password.");
        }
        await attempts.SucceededAsync(user.Id, ct);
        if (user.MfaEnabled)
        {
            return Problem.Conflict("MFA is already enabled; disable it first.");
        }
        var (secret, stored) = totp.NewSecret(user);
        user.MfaPendingSecret = stored;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(AuditActions.MfaSetup, "user", user.Id, ct: ct);
        await tx.CommitAsync(ct);
        return new MfaSetupResponse(secret, TotpCodes.OtpAuthUri(secret, user.Email));
    }

    public async Task<Outcome<MfaActivatedResponse>> ActivateAsync(MfaCodeRequest request, CancellationToken ct)
    {
        var user = await CallerAsync(ct);
        if (user is null)
        {
            return Problem.NotFound("user");
        }
        if (user.MfaPendingSecret is null)
        {
            return Problem.Conflict("Call /auth/mfa/setup first.");
        }
        if (!await totp.AcceptAsync(db, user, user.MfaPendingSecret, request.Code?.Trim(), ct))
        {
            return Problem.Invalid("code", "Invalid or already used code.");
        }
        user.MfaSecret = user.MfaPendingSecret;
        user.MfaPendingSecret = null;
        user.MfaEnabled = true;
        user.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        var codes = await RecoveryCodes.ReplaceAsync(db, user, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(AuditActions.MfaEnable, "user", user.Id, ct: ct);
        await tx.CommitAsync(ct);
        return new MfaActivatedResponse(codes);
    }

    public async Task<Outcome<bool>> DisableAsync(MfaCodeRequest request, CancellationToken ct)
    {
        var user = await CallerAsync(ct);
        if (user is null)
        {
            return Problem.NotFound("user");
        }
        if (!user.MfaEnabled)
        {
            return Problem.Conflict("MFA is not enabled.");
        }
        if (string.IsNullOrWhiteSpace(request.Code))
        {
            return Problem.Invalid("code", "Required.");
        }
        if (!await attempts.TryTakeAsync(user.Id, ct))
        {
            return PasswordAttempts.LockedOut;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        if (!await totp.AcceptAsync(db, user, user.MfaSecret!, request.Code.Trim(), ct) && !await RecoveryCodes.TryUseAsync(db, user, request.Code, now, ct))
        {
            return Problem.Invalid("code", "Invalid or already used code.");
        }
        await attempts.SucceededAsync(user.Id, ct);
        user.MfaEnabled = false;
        user.MfaSecret = null;
        user.UpdatedAt = now;
        db.Set<RecoveryCode>().RemoveRange(await db.Set<RecoveryCode>().Where(c => c.UserId == user.Id).ToListAsync(ct));
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(AuditActions.MfaDisable, "user", user.Id, ct: ct);
        await tx.CommitAsync(ct);
        return true;
    }

    private Task<User?> CallerAsync(CancellationToken ct)
    {
        var id = current.Id;
        return db.Users.FirstOrDefaultAsync(u => u.Id == id, ct);
    }
}
