using System.Threading.RateLimiting;

namespace KeneyApp.Features.Notifications;

/// <summary>Sends per second per channel on this node (<see cref="NotificationOptions"/>): a provider's limit is respected, not discovered.</summary>
public sealed class NotificationPace(NotificationOptions options) : IDisposable
{
    private readonly TokenBucketRateLimiter _email = Bucket(options.EmailPerSecond);
    private readonly TokenBucketRateLimiter _sms = Bucket(options.SmsPerSecond);

    public async Task WaitTurnAsync(string channel, CancellationToken ct)
    {
        using var lease = await (channel == NotificationChannels.Sms ? _sms : _email).AcquireAsync(1, ct);
    }

    private static TokenBucketRateLimiter Bucket(int perSecond) => new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = Math.Max(1, perSecond),
        TokensPerPeriod = Math.Max(1, perSecond),
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = int.MaxValue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        AutoReplenishment = true,
    });

    public void Dispose()
    {
        _email.Dispose();
        _sms.Dispose();
    }
}
