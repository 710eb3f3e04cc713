using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Identity;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Accounts;

public sealed record ActivateAccountRequest(string? Token, string? Password);

/// <summary>An invited user (patient portal) chooses a password with the one-time token of the invitation, then logs in.</summary>
public sealed class ActivateAccount(AppDbContext db, Passwords passwords, Sessions sessions, AuditLog audit, TimeProvider clock)
{
    private static readonly Problem Invalid = Problem.NotFound("invitation");

    public async Task<Outcome<TokenResponse>> HandleAsync(ActivateAccountRequest request, CancellationToken ct)
    {
        if (Passwords.Problem(request.Password) is { } weak)
        {
            return Problem.Invalid("password", weak);
        }
        if (string.IsNullOrWhiteSpace(request.Token) || request.Token.Length > 128)
        {
            return Invalid;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var hash = OpaqueTokens.Hash(request.Token);
        var user = await db.Users.IgnoreQueryFilters().FirstOrDefaultAsync(u => u.ActivationTokenHash == hash, ct);
        if (user is null || user.ActivationExpiresAt <= now || !user.IsActive)
        {
            return Invalid;
        }
        user.PasswordHash = passwords.Hash(user, request.Password!);
        user.ActivationTokenHash = null;
        user.ActivationExpiresAt = null;
        user.PasswordChangedAt = user.UpdatedAt = now;
        var tokens = await sessions.StartAsync(user, ct);
        await audit.RecordForAsync(user.Id, user.Role, user.TenantId, AuditActions.Update, "user", user.Id, details: "activated", ct: ct);
        return tokens;
    }
}
