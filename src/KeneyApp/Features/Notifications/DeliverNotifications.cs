using KeneyApp.Platform.Data;
using KeneyApp.Platform.Jobs;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Notifications;

/// <summary>
/// The sweep that delivers: it turns committed events into notification rows (<see cref="PlanEventNotifications"/>),
/// then sends every row that is due. It runs when a handler rings <see cref="OutboxSignal"/> after committing, and
/// every few seconds regardless, so a restart, a crash or a lost job loses nothing: the rows are the queue. The rows
/// due are claimed a batch at a time with one conditional update, before any is sent, so two nodes never send the
/// same row; a claim lapses after <see cref="Lease"/>, so a row held by a crashed node is taken over.
/// </summary>
public sealed class DeliverNotifications(IServiceScopeFactory scopes, OutboxSignal signal, NotificationMetrics metrics, NotificationOptions options,
    TimeProvider clock, ILogger<DeliverNotifications> logger) : BackgroundService
{
    internal static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);
    // Claimed together, so one commit serves them all. Sent within the lease even at the slowest pace (one SMS a
    // second: 100 s of a 10-minute lease).
    private const int BatchSize = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError("Notification pass failed: {ExceptionType}", e.GetType().Name);
            }
            if (!await signal.WaitAsync(PollInterval, stoppingToken))
            {
                return;
            }
        }
    }

    /// <summary>One pass: plans what events call for, then sends what is due. Answers how many rows were settled.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<PlanEventNotifications>().RunAsync(ct);
        }
        var settled = 0;
        while (true)
        {
            var due = await DueAsync(ct);
            if (due.Count == 0)
            {
                return settled;
            }
            // Another node may have claimed some or all of them meanwhile: those are its to send.
            var claimed = await ClaimAsync(due, ct);
            await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Senders), CancellationToken = ct },
                async (notification, token) =>
                {
                    await using var scope = scopes.CreateAsyncScope();
                    if (await scope.ServiceProvider.GetRequiredService<SendNotification>().SendAsync(notification, token))
                    {
                        Interlocked.Increment(ref settled);
                    }
                });
        }
    }

    /// <summary>
    /// Claims those of <paramref name="ids"/> still claimable, in one update: the condition is the row's own, so on
    /// PostgreSQL an update that waited for another node's claim finds the row taken and leaves it.
    /// </summary>
    private async Task<List<Notification>> ClaimAsync(List<long> ids, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var claim = Guid.NewGuid();
        var until = now + Lease;
        var all = db.Set<Notification>().IgnoreQueryFilters([QueryFilters.Tenant]);
        await Claimable(all.Where(n => ids.Contains(n.Id)), now).ExecuteUpdateAsync(s => s
            .SetProperty(n => n.Status, NotificationStatuses.Sending)
            .SetProperty(n => n.ClaimedUntil, until)
            .SetProperty(n => n.ClaimId, claim), ct);
        return await all.AsNoTracking().Where(n => ids.Contains(n.Id) && n.ClaimId == claim).OrderBy(n => n.NextAttemptAt).ToListAsync(ct);
    }

    private async Task<List<long>> DueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var due = Claimable(db.Set<Notification>().IgnoreQueryFilters([QueryFilters.Tenant]), now);
        var oldest = await due.OrderBy(n => n.NextAttemptAt).Select(n => (DateTime?)n.NextAttemptAt).FirstOrDefaultAsync(ct);
        metrics.Queue(oldest is null ? 0 : await due.CountAsync(ct), oldest is { } at ? now - at : TimeSpan.Zero);
        return await due.OrderBy(n => n.NextAttemptAt).Select(n => n.Id).Take(BatchSize).ToListAsync(ct);
    }

    /// <summary>Rows a sender may take now: due and pending, or held by a sender whose claim lapsed.</summary>
    internal static IQueryable<Notification> Claimable(IQueryable<Notification> rows, DateTime now) =>
        rows.Where(n => (n.Status == NotificationStatuses.Pending && n.NextAttemptAt <= now)
            || (n.Status == NotificationStatuses.Sending && n.ClaimedUntil <= now));
}
