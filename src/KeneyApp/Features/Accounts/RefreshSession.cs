using System.ComponentModel.DataAnnotations;
using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Identity;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Accounts;

public sealed record RefreshRequest([property: Required] string? RefreshToken);

/// <summary>
/// Trades a refresh token for a new pair. The old token dies; presenting it again means it was stolen, so the
/// whole session ends and both holders must log in again. A password lockout is no reason to refuse: it stops
/// password guesses, and whoever guesses must not be able to end the owner's session by it.
/// </summary>
public sealed class RefreshSession(AppDbContext db, Sessions sessions, SessionRevocations revocations, AuditLog audit, TimeProvider clock)
{
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
        var session = token is null ? null : await db.Set<LoginSession>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == token.SessionId, ct);
        if (token is null || session is null || session.RevokedAt is not null || token.ExpiresAt <= now || session.ExpiresAt <= now)
        {
            return Invalid;
        }
        // The account's standing is read before the token is spent, so a refused refresh never looks like reuse.
        var user = await db.Users.IgnoreQueryFilters().FirstAsync(u => u.Id == token.UserId, ct);
        if (!await db.MaySignInAsync(user.Id, ct))
        {
            await revocations.EndAsync(session.Id, SessionEndReasons.AccountChange, ct);
            return Invalid;
        }
        // Claim the token atomically: of two concurrent uses only one rotates it, the other counts as reuse.
        var claimed = await db.Set<RefreshToken>().Where(t => t.Id == token.Id && t.RotatedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RotatedAt, now), ct) == 1;
        if (!claimed)
        {
            await using var tx = await db.Database.BeginTransactionAsync(CancellationToken.None);
            await revocations.EndAsync(session.Id, SessionEndReasons.TokenReuse, CancellationToken.None);
            await audit.RecordForAsync(user.Id, user.Role, user.TenantId, AuditActions.TokenReuse, "session", session.Id,
                AuditOutcomes.Denied, ct: CancellationToken.None);
            await tx.CommitAsync(CancellationToken.None);
            return Invalid;
        }
        var tokens = await sessions.IssueAsync(user, session, ct);
        // A concurrent reuse may have ended the session while this pair was being issued: then the pair is dead too.
        if (await db.Set<LoginSession>().AnyAsync(s => s.Id == session.Id && s.RevokedAt != null, ct))
        {
            return Invalid;
        }
        return tokens;
    }
}
