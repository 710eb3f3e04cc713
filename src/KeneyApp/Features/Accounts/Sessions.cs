using KeneyApp.Platform.Data;
using KeneyApp.Platform.Security;
using Microsoft.Extensions.Options;

namespace KeneyApp.Features.Accounts;

public sealed record TokenResponse(string AccessToken, string RefreshToken, string TokenType, int ExpiresIn);

/// <summary>Starts login sessions and issues their token pairs: rotating refresh tokens (stored hashed) and access tokens naming the session.</summary>
public sealed class Sessions(AppDbContext db, TokenIssuer issuer, IOptions<JwtOptions> options, TimeProvider clock)
{
    public async Task<TokenResponse> StartAsync(User user, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var session = new LoginSession { Id = Guid.NewGuid(), UserId = user.Id, StartedAt = now, ExpiresAt = now.AddDays(options.Value.SessionMaxDays) };
        db.Set<LoginSession>().Add(session);
        return await IssueAsync(user, session, ct);
    }

    /// <summary>
    /// A new token pair in the session. Each refresh token lives <c>RefreshTokenDays</c>, but never past the
    /// session's end (<c>SessionMaxDays</c> after login): rotation alone can't keep a session forever.
    /// </summary>
    public async Task<TokenResponse> IssueAsync(User user, LoginSession session, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var expires = new[] { now.AddDays(options.Value.RefreshTokenDays), session.ExpiresAt }.Min();
        var refresh = OpaqueTokens.New();
        db.Set<RefreshToken>().Add(new RefreshToken
        {
            UserId = user.Id,
            SessionId = session.Id,
            TokenHash = OpaqueTokens.Hash(refresh),
            CreatedAt = now,
            ExpiresAt = expires,
        });
        await db.SaveChangesAsync(ct);
        return new TokenResponse(issuer.AccessToken(user, session.Id), refresh, "bearer", issuer.AccessTokenSeconds);
    }
}
