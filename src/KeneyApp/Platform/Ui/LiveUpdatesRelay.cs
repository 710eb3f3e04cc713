using System.Globalization;
using StackExchange.Redis;

namespace KeneyApp.Platform.Ui;

/// <summary>
/// With <c>REDIS_URL</c>: hears the changes other nodes publish (<see cref="LiveUpdates.Publish"/>) and tells this
/// node's open pages of them, so that a message sent through one node appears at once on a page open on another.
/// Subscribes in the background, never holding up the node's start, and tries again every 30 seconds while Redis is
/// away; once subscribed, Redis re-subscribes by itself after a lost connection.
/// </summary>
public sealed class LiveUpdatesRelay(LiveUpdates live, IServiceProvider services, ILogger<LiveUpdatesRelay> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        if (services.GetService<IConnectionMultiplexer>() is not { } redis)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await redis.GetSubscriber().SubscribeAsync(LiveUpdates.Channel, (_, value) => Relay(value));
                return;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                // Meanwhile this node's own pages stay live, and /ready says Redis is away.
                logger.LogWarning("Live updates from other nodes wait for Redis ({ExceptionType})", e.GetType().Name);
                await Task.Delay(TimeSpan.FromSeconds(30), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>"{node}:{user id}:{topic}", from another node.</summary>
    private void Relay(RedisValue value)
    {
        var parts = ((string?)value ?? "").Split(':', 3);
        if (parts.Length == 3 && Guid.TryParseExact(parts[0], "N", out var node) && node != live.Node
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var userId))
        {
            live.Deliver(userId, parts[2]);
        }
    }
}
