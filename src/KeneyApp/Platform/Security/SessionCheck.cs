using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Platform.Security;

/// <summary>
/// Every authenticated request asks whether its access token's session is still open: not ended (logout,
/// password change, revocation), the account active and unlocked with the role the token claims, its clinic
/// open. Answers are remembered per session (bounded); ending a session forgets it here at once, and other nodes
/// forget it within seconds through <see cref="SessionRevocationFeed"/>. A remembered answer is re-checked after
/// <see cref="MaxAge"/> whatever happens, so a change no revocation announced is still seen.
/// </summary>
public sealed class SessionCheck(TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);
    public const int Capacity = 50_000;

    private sealed record State(bool Open, int UserId, string Role, int? TenantId, DateTime CheckedAt);

    private readonly ConcurrentDictionary<Guid, State> _sessions = new();
    private long _misses;
    private long _count;
    private long _lastSweepTicks;

    /// <summary>Database look-ups made (cache misses); tests read it to see that answers are remembered.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    public async Task<bool> IsOpenAsync(ClaimsPrincipal principal, IServiceProvider services, CancellationToken ct)
    {
        if (!Guid.TryParse(principal.FindFirst(KeneyClaims.SessionId)?.Value, out var sessionId)
            || !int.TryParse(principal.FindFirst(KeneyClaims.UserId)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var userId))
        {
            return false;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        if (!_sessions.TryGetValue(sessionId, out var state) || now - state.CheckedAt >= MaxAge)
        {
            Interlocked.Increment(ref _misses);
            state = await LoadAsync(sessionId, services, now, ct);
            Remember(sessionId, state, now);
        }
        var tenantClaim = principal.FindFirst(KeneyClaims.TenantId)?.Value;
        return state.Open && state.UserId == userId && state.Role == principal.FindFirst(KeneyClaims.Role)?.Value
            && state.TenantId?.ToString(CultureInfo.InvariantCulture) == tenantClaim;
    }

    // Only open answers are dropped: an ended session never opens again, so "closed" stays true.

    /// <summary>Drops what is remembered of these sessions: their next request asks the database.</summary>
    public void Forget(IEnumerable<Guid> sessionIds)
    {
        foreach (var id in sessionIds)
        {
            if (_sessions.TryGetValue(id, out var state) && state.Open)
            {
                Drop(id);
            }
        }
    }

    /// <summary>Drops every remembered session of one user, or of every user of one clinic.</summary>
    public void Forget(int? userId, int? tenantId)
    {
        foreach (var (id, state) in _sessions)
        {
            if (state.Open && ((userId is not null && state.UserId == userId) || (tenantId is not null && state.TenantId == tenantId)))
            {
                Drop(id);
            }
        }
    }

    private void Remember(Guid sessionId, State state, DateTime now)
    {
        // Counted without ConcurrentDictionary.Count (it takes every lock); when full, stale answers are swept out
        // at most once every 5 s, and meanwhile new sessions are looked up each time rather than remembered.
        if (Interlocked.Read(ref _count) >= Capacity)
        {
            var lastSweep = new DateTime(Interlocked.Read(ref _lastSweepTicks), DateTimeKind.Utc);
            if (now - lastSweep < TimeSpan.FromSeconds(5) || Interlocked.CompareExchange(ref _lastSweepTicks, now.Ticks, lastSweep.Ticks) != lastSweep.Ticks)
            {
                return;
            }
            foreach (var (id, old) in _sessions)
            {
                if (now - old.CheckedAt >= MaxAge && _sessions.TryRemove(id, out _))
                {
                    Interlocked.Decrement(ref _count);
                }
            }
            if (Interlocked.Read(ref _count) >= Capacity)
            {
                return;
            }
        }
        if (_sessions.TryAdd(sessionId, state))
        {
            Interlocked.Increment(ref _count);
        }
        else
        {
            _sessions[sessionId] = state;
        }
    }

    private void Drop(Guid sessionId)
    {
        if (_sessions.TryRemove(sessionId, out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    private static async Task<State> LoadAsync(Guid sessionId, IServiceProvider services, DateTime now, CancellationToken ct)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var row = await (
                from s in db.Set<LoginSession>()
                join u in db.Users.IgnoreQueryFilters() on s.UserId equals u.Id
                where s.Id == sessionId
                select new
                {
                    s.RevokedAt,
                    s.ExpiresAt,
                    u.Id,
                    u.Role,
                    u.TenantId,
                    InGoodStanding = db.InGoodStanding().Any(g => g.Id == u.Id),
                })
            .AsNoTracking().FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return new State(false, 0, "", null, now);
        }
        var open = row.RevokedAt is null && row.ExpiresAt > now && row.InGoodStanding;
        return new State(open, row.Id, row.Role, row.TenantId, now);
    }
}
