using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Identity;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Accounts;

public sealed record RefreshRequest(string? RefreshToken);

/// <summary>
/// Trades a refresh token for a new pair. The old token dies; presenting it again means it was stolen, so
/// the whole session (family) is revoked and both holders must log in again.
/// </summary>
public sealed class RefreshSession(AppDbContext db, Sessions sessions, AuditLog audit, TimeProvider clock)
{
    private async Task<bool> TenantIsActiveAsync(User user, CancellationToken ct) =>
        user.TenantId is not { } tenantId || await db.Tenants.AnyAsync(t => t.Id == tenantId && t.IsActive, ct);

    private static readonly Problem Invalid = Problem.Unauthorized("The refresh token is invalid or expired.");

    public async Task<Outcome<TokenResponse>> HandleAsync(RefreshRequest request, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.RefreshToken) || request.RefreshToken.Length > 128)
        {
            return Invalid;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var hash = OpaqueTokens.Hash(request.RefreshToken);
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
            // Expired is just expired; anything else (already rotated, revoked, or lost a race to a concurrent use) is reuse.
            if (token.ExpiresAt > now)
            {
                await sessions.RevokeFamilyAsync(token.FamilyId, ct);
                await audit.RecordForAsync(user?.Id, user?.Role, user?.TenantId, AuditActions.TokenReuse, "session", token.FamilyId,
                    AuditOutcomes.Denied, ct: CancellationToken.None);
            }
            return Invalid;
        }
        // A temporary lockout (someone guessing the password) must not end the owner's sessions: just refuse for now.
        if (user is null || !user.IsActive || user.IsLocked || !await TenantIsActiveAsync(user, ct))
        {
            await sessions.RevokeFamilyAsync(token.FamilyId, ct);
            return Invalid;
        }
        if (user.LockoutEnd > now)
        {
            return Invalid;
        }
        var familyStartedAt = await db.Set<RefreshToken>().Where(t => t.FamilyId == token.FamilyId).MinAsync(t => t.CreatedAt, ct);
        var tokens = await sessions.IssueAsync(user, token.FamilyId, familyStartedAt, ct);
        // A concurrent reuse may have revoked the family while this pair was being issued: then it dies too.
        if (await db.Set<RefreshToken>().AnyAsync(t => t.FamilyId == token.FamilyId && t.RevokedAt != null, ct))
        {
            await sessions.RevokeFamilyAsync(token.FamilyId, ct);
            return Invalid;
        }
        return tokens;
    }
}
