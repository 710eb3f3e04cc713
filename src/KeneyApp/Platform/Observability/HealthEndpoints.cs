using KeneyApp.Platform.Crypto;
using KeneyApp.Platform.Data;

namespace KeneyApp.Platform.Observability;

public static class HealthEndpoints
{
    public sealed record HealthStatus(string Status);

    public static void MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health", () => TypedResults.Ok(new HealthStatus("ok")))
            .AllowAnonymous().WithTags("Platform").WithName("health").WithSummary("Liveness").Produces<HealthStatus>();
        routes.MapGet("/ready", async (AppDbContext db, KeyRing keys, CancellationToken ct) =>
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
                // Not Redis: while it is away the rate limits count on each node (SharedOrLocalLimiter), and the node serves.
                return Results.Ok(new HealthStatus("ready"));
            })
            .AllowAnonymous().WithTags("Platform").WithName("ready").WithSummary("Readiness: the database answers and the master key opens the data keys")
            .Produces<HealthStatus>().ProducesProblem(503);
    }
}
