using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using KeneyApp.Platform.Security;
using Microsoft.AspNetCore.RateLimiting;
using RedisRateLimiting;
using StackExchange.Redis;

namespace KeneyApp.Platform.Http;

/// <summary>
/// Fixed-window limits per authenticated user, or per client IP where there is none. Defaults are the API.md
/// figures; <c>RateLimiting:Policies:{name}:PermitLimit</c> / <c>:WindowSeconds</c> override them and
/// <c>RateLimiting:Enabled=false</c> turns limiting off (benchmarks). The counters live in this process unless
/// <c>REDIS_URL</c> names a Redis server: then every node counts in the same place, and a restart forgets nothing
/// (a limit per process would give a client one allowance per node).
/// </summary>
public static class RateLimits
{
    public const string Api = "api";
    public const string Login = "login";
    public const string Public = "public";
    public const string Activation = "activation";

    private static readonly Dictionary<string, (int Permits, int WindowSeconds, bool ByIp)> Defaults = new()
    {
        [Api] = (300, 60, false),
        [Login] = (15, 60, true),
        [Public] = (60, 60, true),
        [Activation] = (10, 60, true),
    };

    /// <summary>Features add their own policies (for example messaging's 30 sends per minute) before the host builds.</summary>
    public static void Define(string name, int permits, TimeSpan window, bool byIp = false) =>
        Defaults[name] = (permits, (int)window.TotalSeconds, byIp);

    public static IServiceCollection AddKeneyRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var enabled = configuration.GetValue("RateLimiting:Enabled", true);
        var inRedis = configuration["Redis:Url"] is { Length: > 0 }; // the connection: Redis.RedisAddress.AddKeneyRedis
        services.AddRateLimiter(options =>
        {
            options.OnRejected = OnRejectedAsync;
            foreach (var (name, (permits, window, byIp)) in Defaults)
            {
                var section = configuration.GetSection($"RateLimiting:Policies:{name}");
                var limit = section.GetValue("PermitLimit", permits);
                var seconds = section.GetValue("WindowSeconds", window);
                options.AddPolicy(name, context =>
                {
                    if (!enabled)
                    {
                        return RateLimitPartition.GetNoLimiter(name);
                    }
                    var key = $"{name}:{PartitionKey(context, byIp)}";
                    var local = new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = TimeSpan.FromSeconds(seconds), QueueLimit = 0 };
                    if (!inRedis)
                    {
                        return RateLimitPartition.GetFixedWindowLimiter(key, _ => local);
                    }
                    // The limiter outlives this request: it keeps the connection and a logger, not the request's services.
                    var connection = context.RequestServices.GetRequiredService<IConnectionMultiplexer>();
                    var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RateLimits));
                    return RateLimitPartition.Get(key, k => new SharedOrLocalLimiter(
                        new RedisFixedWindowRateLimiter<string>(k, new RedisFixedWindowRateLimiterOptions
                        {
                            ConnectionMultiplexerFactory = () => connection,
                            PermitLimit = limit,
                            Window = TimeSpan.FromSeconds(seconds),
                        }),
                        new FixedWindowRateLimiter(local), logger));
                });
            }
        });
        return services;
    }

    private static string PartitionKey(HttpContext context, bool byIp)
    {
        var userId = context.User.FindFirstValue(KeneyClaims.UserId);
        return !byIp && userId is not null ? "u" + userId : "ip" + Network(context.Connection.RemoteIpAddress);
    }

    /// <summary>
    /// An IPv4 address as it is; an IPv6 address by its /64, the block one subscriber holds: counted one by one, its
    /// 2^64 addresses would each get their own limit.
    /// </summary>
    internal static System.Net.IPAddress? Network(System.Net.IPAddress? address)
    {
        if (address is null || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6 || address.IsIPv4MappedToIPv6)
        {
            return address?.IsIPv4MappedToIPv6 == true ? address.MapToIPv4() : address;
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new System.Net.IPAddress(bytes);
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken ct)
    {
        var response = context.HttpContext.Response;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds)
            : context.Lease.TryGetMetadata(RateLimitMetadataName.RetryAfter, out var seconds) ? seconds // counted in Redis
            : 60;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context.HttpContext,
            ProblemDetails =
            {
                Status = 429,
                Title = "Too many requests",
                Detail = $"Rate limit reached. Retry after {retryAfter} seconds.",
                Type = ProblemTypes.For(429),
                Extensions = { ["retry_after"] = retryAfter },
            },
        });
    }
}
