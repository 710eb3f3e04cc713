using System.ComponentModel.DataAnnotations;
using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Accounts;

public sealed record LoginRequest([property: Required] string? Username, [property: Required] string? Password, string? Otp);

/// <summary>
/// Password login, with TOTP (or a recovery code) when MFA is on. Every failure gives the same answer in about
/// the same time; each check of a secret takes an attempt first (<see cref="PasswordAttempts"/>).
/// </summary>
public sealed class Login(AppDbContext db, Passwords passwords, PasswordAttempts attempts, TotpCodes totp, Sessions sessions, AuditLog audit,
    TimeProvider clock)
{
    private const string Generic = "Incorrect username or password.";

    public async Task<Outcome<TokenResponse>> HandleAsync(LoginRequest request, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Username) || string.IsNullOrEmpty(request.Password)
            || request.Username.Length > 254 || request.Password.Length > Passwords.MaximumLength)
        {
            return Problem.Unauthorized(Generic);
        }
        var login = User.Normalize(request.Username);
        var user = await db.Users.IgnoreQueryFilters()
            .FirstOrDefaultAsync(u => u.NormalizedEmail == login || u.NormalizedUsername == login, ct);
        if (user is null)
        {
            passwords.BurnTime(request.Password);
            return await FailAsync(null, "unknown_user", ct);
        }
        if (!await attempts.TryTakeAsync(user.Id, ct))
        {
            passwords.BurnTime(request.Password);
            return await FailAsync(user, "locked_out", ct);
        }
        var verified = passwords.Verify(user, request.Password);
        if (verified == PasswordVerificationResult.Failed)
        {
            return await FailAsync(user, "bad_password", ct);
        }
        if (!await db.MaySignInAsync(user.Id, ct))
        {
            return await FailAsync(user, "inactive", ct);
        }
        // A spent one-time or recovery code, the session and the login's entry commit together.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (user.MfaEnabled)
        {
            // The attempt stays taken until the code is right too: asking without a code must not reset the count.
            if (string.IsNullOrWhiteSpace(request.Otp))
            {
                return Problem.Unauthorized("A one-time code is required.", new Dictionary<string, object?> { ["mfa_required"] = true });
            }
            var now = clock.GetUtcNow().UtcDateTime;
            if (!await totp.AcceptAsync(db, user, user.MfaSecret!, request.Otp.Trim(), ct) && !await RecoveryCodes.TryUseAsync(db, user, request.Otp, now, ct))
            {
                var failed = await FailAsync(user, "bad_otp", ct);
                await tx.CommitAsync(ct);
                return failed;
            }
        }
        await attempts.SucceededAsync(user.Id, ct);
        if (verified == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = passwords.Hash(user, request.Password);
        }
        var tokens = await sessions.StartAsync(user, ct);
        await audit.RecordForAsync(user.Id, user.Role, user.TenantId, AuditActions.Login, "user", user.Id, ct: ct);
        await tx.CommitAsync(ct);
        return tokens;
    }

    private async Task<Outcome<TokenResponse>> FailAsync(User? user, string reason, CancellationToken ct)
    {
        await audit.RecordForAsync(user?.Id, user?.Role, user?.TenantId, AuditActions.LoginFailed, "user", user?.Id,
            AuditOutcomes.Failure, $"reason={reason}", ct);
        return Problem.Unauthorized(Generic);
    }
}
