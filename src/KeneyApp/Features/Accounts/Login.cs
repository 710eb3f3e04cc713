using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Accounts;

public sealed record LoginRequest(string? Username, string? Password, string? Otp);

/// <summary>
/// Password login, with TOTP (or a recovery code) when MFA is on. Every failure gives the same answer in about
/// the same time; five bad passwords lock the account for 15 minutes — never for good.
/// </summary>
public sealed class Login(AppDbContext db, Passwords passwords, TotpCodes totp, Sessions sessions, AuditLog audit, TimeProvider clock)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);
    private const string Generic = "Incorrect username or password.";

    public async Task<Outcome<TokenResponse>> HandleAsync(LoginRequest request, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Username) || string.IsNullOrEmpty(request.Password)
            || request.Username.Length > 254 || request.Password.Length > Passwords.MaximumLength)
        {
            return Problem.Unauthorized(Generic);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var login = User.Normalize(request.Username);
        var user = await db.Users.IgnoreQueryFilters()
            .FirstOrDefaultAsync(u => u.NormalizedEmail == login || u.NormalizedUsername == login, ct);
        if (user is null)
        {
            passwords.BurnTime(request.Password);
            return await FailAsync(null, "unknown_user", ct);
        }
        if (user.LockoutEnd > now)
        {
            passwords.BurnTime(request.Password);
            return await FailAsync(user, "locked_out", ct);
        }
        var verified = passwords.Verify(user, request.Password);
        if (verified == PasswordVerificationResult.Failed)
        {
            return await CountFailureAsync(user, "bad_password", now, ct);
        }
        if (!user.IsActive || user.IsLocked || !await TenantIsActiveAsync(user, ct))
        {
            return await FailAsync(user, "inactive", ct);
        }
        if (user.MfaEnabled)
        {
            if (string.IsNullOrWhiteSpace(request.Otp))
            {
                return Problem.Unauthorized("A one-time code is required.", new Dictionary<string, object?> { ["mfa_required"] = true });
            }
            if (!await totp.AcceptAsync(db, user, user.MfaSecret!, request.Otp.Trim(), ct) && !await RecoveryCodes.TryUseAsync(db, user, request.Otp, now, ct))
            {
                return await CountFailureAsync(user, "bad_otp", now, ct);
            }
        }
        if (verified == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = passwords.Hash(user, request.Password);
        }
        user.AccessFailedCount = 0;
        user.LockoutEnd = null;
        var tokens = await sessions.StartAsync(user, ct);
        await audit.RecordForAsync(user.Id, user.Role, user.TenantId, AuditActions.Login, "user", user.Id, ct: ct);
        return tokens;
    }

    private async Task<bool> TenantIsActiveAsync(User user, CancellationToken ct) =>
        user.TenantId is not { } tenantId || await db.Tenants.AnyAsync(t => t.Id == tenantId && t.IsActive, ct);

    /// <summary>
    /// Counts a failure in the database itself (an atomic increment), so parallel guesses can't each read the
    /// same count and slip past the limit; the request that reaches the limit starts the lockout.
    /// </summary>
    private async Task<Outcome<TokenResponse>> CountFailureAsync(User user, string reason, DateTime now, CancellationToken ct)
    {
        var users = db.Users.IgnoreQueryFilters().Where(u => u.Id == user.Id);
        await users.ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessFailedCount, u => u.AccessFailedCount + 1), ct);
        var lockoutEnd = now + LockoutDuration;
        var locked = await users.Where(u => u.AccessFailedCount >= MaxFailures)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessFailedCount, 0).SetProperty(u => u.LockoutEnd, lockoutEnd), ct);
        return await FailAsync(user, locked > 0 ? reason + ",locked_out" : reason, ct);
    }

    private async Task<Outcome<TokenResponse>> FailAsync(User? user, string reason, CancellationToken ct)
    {
        await audit.RecordForAsync(user?.Id, user?.Role, user?.TenantId, AuditActions.LoginFailed, "user", user?.Id,
            AuditOutcomes.Failure, $"reason={reason}", ct);
        return Problem.Unauthorized(Generic);
    }
}
