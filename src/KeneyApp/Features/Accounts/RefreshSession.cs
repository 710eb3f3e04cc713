using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Accounts;

public sealed record RefreshRequest(string? RefreshToken);

/// <summary>
/// Trades a refresh token for a new pair. The old token dies; presenting it again means it was stolen, so
/// the whole session (family) is revoked and both holders must log in again.
/// </summary>
public sealed class RefreshSession(AppDbContext db, Sessions sessions, AuditLog audit, TimeProvider clock)
{
    private static readonly Problem Invalid = Problem.Unauthorized("The refresh token is invalid or expired.");

    public async Task<Outcome<TokenResponse>> HandleAsync(RefreshRequest request, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.RefreshToken) || request.RefreshToken.Length > 128)
        {
            return Invalid;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var hash = Sessions.HashOf(request.RefreshToken);
        var token = await db.Set<RefreshToken>().AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, ct);
        if (token is null)
        {
            return Invalid;
        }
        // Claim the token atomically: of two concurrent uses only one rotates it, the other counts as reuse.
        var claimed = token.RevokedAt is null && token.RotatedAt is null && token.ExpiresAt > now
            && await db.Set<RefreshToken>()
                .Where(t => t.Id == token.Id && t.RotatedAt == null && t.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.RotatedAt, now), ct) == 1;
        var user = await db.Users.IgnoreQueryFilters().FirstOrDefaultAsync(u => u.Id == token.UserId, ct);
        if (!claimed)
        {
            if (token.RevokedAt is not null || token.RotatedAt is not null)
            {
                await sessions.RevokeFamilyAsync(token.FamilyId, ct);
                await audit.RecordForAsync(user?.Id, user?.Role, user?.TenantId, AuditActions.TokenReuse, "session", token.FamilyId,
                    AuditOutcomes.Denied, ct: ct);
            }
            return Invalid;
        }
        if (user is null || !user.IsActive || user.IsLocked || user.LockoutEnd > now)
        {
            await sessions.RevokeFamilyAsync(token.FamilyId, ct);
            return Invalid;
        }
        return await sessions.IssueAsync(user, token.FamilyId, ct);
    }
}
