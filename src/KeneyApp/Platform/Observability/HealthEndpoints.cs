using KeneyApp.Platform.Data;

namespace KeneyApp.Platform.Observability;

public static class HealthEndpoints
{
    public sealed record HealthStatus(string Status);

    public static void MapHealth(this IEndpointRouteBuilder routes)
    {
        // Until the web UI exists, the root leads a visitor to the API documentation.
        routes.MapGet("/", () => Results.Redirect("/api/v1/docs/index.html")).AllowAnonymous().ExcludeFromDescription();
        routes.MapGet("/health", () => TypedResults.Ok(new HealthStatus("ok")))
            .AllowAnonymous().WithTags("Platform").WithName("health").WithSummary("Liveness").Produces<HealthStatus>();
        routes.MapGet("/ready", async (AppDbContext db, CancellationToken ct) =>
            {
                var ready = await db.Database.CanConnectAsync(ct);
                return ready
                    ? Results.Ok(new HealthStatus("ready"))
                    : Results.Problem("The database does not answer.", statusCode: 503, title: "Not ready");
            })
            .AllowAnonymous().WithTags("Platform").WithName("ready").WithSummary("Readiness: the database answers")
            .Produces<HealthStatus>().ProducesProblem(503);
    }
}
