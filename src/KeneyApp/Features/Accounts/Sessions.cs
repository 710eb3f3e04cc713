using System.Security.Cryptography;
using System.Text;
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
    public async Task<TokenResponse> StartAsync(User user, CancellationToken ct) => await IssueAsync(user, Guid.NewGuid(), ct);

    public async Task<TokenResponse> IssueAsync(User user, Guid familyId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var refresh = Base64Url(RandomNumberGenerator.GetBytes(32));
        db.Set<RefreshToken>().Add(new RefreshToken
        {
            UserId = user.Id,
            FamilyId = familyId,
            TokenHash = HashOf(refresh),
            CreatedAt = now,
            ExpiresAt = now.AddDays(options.Value.RefreshTokenDays),
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

    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
