using KeneyApp.Platform.Data;
using KeneyApp.Platform.Identity;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KeneyApp.Features.Accounts;

public sealed record TokenResponse(string AccessToken, string RefreshToken, string TokenType, int ExpiresIn);

/// <summary>Login sessions: a family of rotating refresh tokens (stored hashed) and the access tokens issued for it.</summary>
public sealed class Sessions(AppDbContext db, TokenIssuer issuer, IOptions<JwtOptions> options, TimeProvider clock)
{
    public async Task<TokenResponse> StartAsync(User user, CancellationToken ct) =>
        await IssueAsync(user, Guid.NewGuid(), clock.GetUtcNow().UtcDateTime, ct);

    /// <summary>
    /// A new token pair in the family. Each refresh token lives <c>RefreshTokenDays</c>, but never past
    /// <c>SessionMaxDays</c> after the login that started the family: rotation alone can't keep a session forever.
    /// </summary>
    public async Task<TokenResponse> IssueAsync(User user, Guid familyId, DateTime familyStartedAt, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var expires = new[] { now.AddDays(options.Value.RefreshTokenDays), familyStartedAt.AddDays(options.Value.SessionMaxDays) }.Min();
        var refresh = OpaqueTokens.New();
        db.Set<RefreshToken>().Add(new RefreshToken
        {
            UserId = user.Id,
            FamilyId = familyId,
            TokenHash = OpaqueTokens.Hash(refresh),
            CreatedAt = now,
            ExpiresAt = expires,
        });
        await db.SaveChangesAsync(ct);
        return new TokenResponse(issuer.AccessToken(user, familyId), refresh, "bearer", issuer.AccessTokenSeconds);
    }

    /// <summary>Revokes every live token of the user's sessions, except <paramref name="keepFamily"/>.</summary>
    public Task<int> RevokeAllAsync(int userId, Guid? keepFamily, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.Set<RefreshToken>()
            .Where(t => t.UserId == userId && t.RevokedAt == null && (keepFamily == null || t.FamilyId != keepFamily))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
    }

    public Task<int> RevokeFamilyAsync(Guid familyId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.Set<RefreshToken>()
            .Where(t => t.FamilyId == familyId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
    }

}
