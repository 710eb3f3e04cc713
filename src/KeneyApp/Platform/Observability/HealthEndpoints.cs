using KeneyApp.Platform.Crypto;
using KeneyApp.Platform.Data;
using StackExchange.Redis;

namespace KeneyApp.Platform.Observability;

public static class HealthEndpoints
{
    public sealed record HealthStatus(string Status);

    public static void MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health", () => TypedResults.Ok(new HealthStatus("ok")))
            .AllowAnonymous().WithTags("Platform").WithName("health").WithSummary("Liveness").Produces<HealthStatus>();
        routes.MapGet("/ready", async (AppDbContext db, KeyRing keys, IServiceProvider services, CancellationToken ct) =>
            {
                if (!await db.Database.CanConnectAsync(ct))
                {
                    return Results.Problem("The database does not answer.", statusCode: 503, title: "Not ready");
                }
                // Checked until it succeeds once (the database may have been away at start-up), then remembered.
                if (keys.MasterKeyOpensDataKeys != true && await keys.VerifyMasterKeyAsync(ct) > 0)
                {
                    return Results.Problem("The configured master key does not open the clinics' data keys.", statusCode: 503, title: "Not ready");
                }
                // With REDIS_URL, every limited request counts there: a node that cannot reach it cannot answer them.
                if (services.GetService<IConnectionMultiplexer>() is { } redis && !await AnswersAsync(redis))
                {
                    return Results.Problem("Redis (REDIS_URL) does not answer.", statusCode: 503, title: "Not ready");
                }
                return Results.Ok(new HealthStatus("ready"));
            })
            .AllowAnonymous().WithTags("Platform").WithName("ready").WithSummary("Readiness: the database (and Redis, when set) answers and the master key opens the data keys")
            .Produces<HealthStatus>().ProducesProblem(503);
    }

    private static async Task<bool> AnswersAsync(IConnectionMultiplexer redis)
    {
        try
        {
            await redis.GetDatabase().PingAsync();
            return true;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return false;
        }
    }
}
