using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Sharing;

/// <summary>
/// Every 15 minutes: marks the shares past their expiry as expired (access already refuses them; this is for the
/// lists), and erases the token and PIN hashes of shares over for 30 days — the row stays, for the record and the
/// audit trail, but nothing in it can be matched to a link any more. Idempotent, so every node may run it.
/// </summary>
public sealed class ShareHousekeeping(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ShareHousekeeping> logger) : BackgroundService
{
    public static readonly TimeSpan SecretsKeptFor = TimeSpan.FromDays(30);
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunAsync(stoppingToken);
                await Task.Delay(Interval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning("Share housekeeping failed: {ExceptionType}", e.GetType().Name);
                await Task.Delay(TimeSpan.FromMinutes(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>One pass; answers how many shares were marked expired and how many had their secrets erased.</summary>
    public async Task<(int Expired, int Purged)> RunAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var shares = scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<RecordShare>().IgnoreQueryFilters([QueryFilters.Tenant]);
        var now = clock.GetUtcNow().UtcDateTime;
        var expired = await shares.Where(s => s.Status == ShareStatuses.Active && s.ExpiresAt <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, ShareStatuses.Expired).SetProperty(x => x.UpdatedAt, now), ct);
        // Over since: its expiry, or its last change (revoked, used up, locked), whichever came first.
        var before = now - SecretsKeptFor;
        var purged = await shares.Where(s => s.SecretsPurgedAt == null
                && (s.ExpiresAt <= before || (s.Status != ShareStatuses.Active && s.UpdatedAt <= before)))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.TokenHash, (string?)null).SetProperty(x => x.PinHmac, (string?)null)
                .SetProperty(x => x.EmailCodeHmac, (string?)null).SetProperty(x => x.SecretsPurgedAt, now), ct);
        if (expired + purged > 0)
        {
            logger.LogInformation("Share housekeeping: {Expired} marked expired, {Purged} secrets erased", expired, purged);
        }
        return (expired, purged);
    }
}
