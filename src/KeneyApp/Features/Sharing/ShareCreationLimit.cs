using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Sharing;

/// <summary>
/// At most 10 shares an hour per user (API.md), counted from the shares themselves rather than by a limiter in the
/// process's memory: the same limit for the API and the screens (which call the handler directly), on every node,
/// and across restarts. <c>RateLimiting:Policies:shares-create:PermitLimit</c> and <c>:WindowSeconds</c> override it;
/// <c>RateLimiting:Enabled=false</c> turns it off with the others (benchmarks).
/// </summary>
internal sealed class ShareCreationLimit(IConfiguration configuration)
{
    public const string Policy = "shares-create";

    private readonly bool _enabled = configuration.GetValue("RateLimiting:Enabled", true);
    private readonly int _permits = Math.Max(1, configuration.GetValue($"RateLimiting:Policies:{Policy}:PermitLimit", 10));
    private readonly TimeSpan _window = TimeSpan.FromSeconds(configuration.GetValue($"RateLimiting:Policies:{Policy}:WindowSeconds", 3600));

    /// <summary>
    /// The 429 once the user has created its quota within the window. Call it inside the transaction that writes the
    /// share: it holds one lock per user (PostgreSQL's advisory lock; SQLite's transactions take the write lock at
    /// their start), so concurrent creations are counted one after the other and never exceed the quota.
    /// </summary>
    public async Task<Problem?> ReachedAsync(AppDbContext db, int userId, DateTime now, CancellationToken ct)
    {
        if (!_enabled)
        {
            return null;
        }
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(4243, {userId})", ct);
        }
        var since = now - _window;
        var recent = await db.Set<RecordShare>().AsNoTracking().Where(s => s.CreatedById == userId && s.CreatedAt > since)
            .OrderBy(s => s.CreatedAt).Select(s => s.CreatedAt).Take(_permits).ToListAsync(ct);
        if (recent.Count < _permits)
        {
            return null;
        }
        var wait = Math.Max(1, (int)Math.Ceiling((recent[0] + _window - now).TotalSeconds));
        return new Problem(429, "Too many requests", $"At most {_permits} shares per {_window.TotalMinutes:0} minutes. Retry after {wait} seconds.",
            Extensions: new Dictionary<string, object?> { ["retry_after"] = wait });
    }
}
