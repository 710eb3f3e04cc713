using System.Threading.RateLimiting;
using StackExchange.Redis;

namespace KeneyApp.Platform.Http;

/// <summary>
/// A limit counted in Redis for every node, or on this node while Redis does not answer: for that time a client
/// gets one allowance per node, but the clinic can still sign in and work through a Redis restart or failover. The
/// per-share PIN lockout and the share-creation count live in the database and do not loosen.
/// </summary>
internal sealed class SharedOrLocalLimiter(RateLimiter shared, RateLimiter local, ILogger logger) : RateLimiter
{
    public override TimeSpan? IdleDuration =>
        shared.IdleDuration is { } a && local.IdleDuration is { } b ? (a < b ? a : b) : null;

    public override RateLimiterStatistics? GetStatistics() => shared.GetStatistics();

    // The middleware tries this first: the Redis limiter answers "not here" without a round trip, which sends the
    // request to AcquireAsyncCore, where it is counted.
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => shared.AttemptAcquire(permitCount);

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        try
        {
            return await shared.AcquireAsync(permitCount, cancellationToken);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning("Rate limit counted on this node: Redis did not answer ({ExceptionType})", e.GetType().Name);
            return await local.AcquireAsync(permitCount, cancellationToken);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            shared.Dispose();
            local.Dispose();
        }
        base.Dispose(disposing);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await shared.DisposeAsync();
        await local.DisposeAsync();
        await base.DisposeAsyncCore();
    }
}
