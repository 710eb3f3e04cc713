using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Platform.Security;

/// <summary>
/// Ends login sessions: the refresh tokens die with them, and so do their access tokens, at once on this node
/// (<see cref="SessionCheck"/>) and within seconds on the others (<see cref="SessionRevocationFeed"/>). Runs in
/// the caller's transaction when one is open.
/// </summary>
public sealed class SessionRevocations(AppDbContext db, SessionCheck check, TimeProvider clock)
{
    public async Task EndAsync(Guid sessionId, string reason, CancellationToken ct)
    {
        await EndWhereAsync(db.Set<LoginSession>().Where(s => s.Id == sessionId), reason, ct);
        check.Forget([sessionId]);
    }

    /// <summary>Every open session of the user, except <paramref name="keep"/> (the caller's own, after a password change).</summary>
    public async Task EndAllOfUserAsync(int userId, Guid? keep, string reason, CancellationToken ct)
    {
        await EndWhereAsync(db.Set<LoginSession>().Where(s => s.UserId == userId && (keep == null || s.Id != keep)), reason, ct);
        check.Forget(userId, tenantId: null);
    }

    public async Task EndAllOfPatientAsync(int patientId, string reason, CancellationToken ct)
    {
        var accounts = db.Users.IgnoreQueryFilters().Where(u => u.PatientId == patientId).Select(u => u.Id);
        await EndWhereAsync(db.Set<LoginSession>().Where(s => accounts.Contains(s.UserId)), reason, ct);
        foreach (var account in await accounts.ToListAsync(ct))
        {
            check.Forget(account, tenantId: null);
        }
    }

    public async Task EndAllOfTenantAsync(int tenantId, string reason, CancellationToken ct)
    {
        var members = db.Users.IgnoreQueryFilters().Where(u => u.TenantId == tenantId).Select(u => u.Id);
        await EndWhereAsync(db.Set<LoginSession>().Where(s => members.Contains(s.UserId)), reason, ct);
        check.Forget(userId: null, tenantId);
    }

    private Task<int> EndWhereAsync(IQueryable<LoginSession> sessions, string reason, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return sessions.Where(s => s.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now).SetProperty(x => x.RevokedReason, reason), ct);
    }
}
