using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Platform.Security;

/// <summary>
/// How a session ended on another node stops working here within seconds: every <c>Security:SessionPollSeconds</c>
/// (2 by default) this node reads the sessions ended recently and forgets what it remembered of them. The window
/// reaches a minute before the last poll that succeeded, so commits that land late, clocks that differ a little
/// between nodes, and polls that failed for a while (the database away) are all covered.
/// </summary>
public sealed class SessionRevocationFeed(IServiceScopeFactory scopes, SessionCheck check, TimeProvider clock, IConfiguration configuration,
    ILogger<SessionRevocationFeed> logger) : BackgroundService
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private DateTime? _lastSuccess;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Clamp(configuration.GetValue("Security:SessionPollSeconds", 2.0), 0.1, 30));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, stoppingToken);
                await PollAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Not migrated yet, or the database is away for a moment: the next poll tries again.
                logger.LogWarning("Session revocation poll failed: {ExceptionType}", e.GetType().Name);
            }
        }
    }

    public async Task PollAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var since = (_lastSuccess is { } last && last < now ? last : now) - Window;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        check.Forget(await db.Set<LoginSession>().Where(s => s.RevokedAt >= since).Select(s => s.Id).ToListAsync(ct));
        _lastSuccess = now;
    }
}
