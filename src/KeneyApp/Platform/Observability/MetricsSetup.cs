using System.Net;
using System.Security.Cryptography;
using System.Text;
using OpenTelemetry.Metrics;

namespace KeneyApp.Platform.Observability;

/// <summary>
/// Prometheus metrics at <c>/metrics</c>, for loopback callers or a <c>METRICS_TOKEN</c> bearer only. ASP.NET Core's
/// own HTTP metrics label by route template, never by raw path or id. The runtime's own meter (GC, thread pool,
/// CPU time, lock contention) is exported too: it is what tells an operator whether a slow node is short of CPU.
/// </summary>
public static class MetricsSetup
{
    public const string MeterName = "KeneyApp";

    public static IServiceCollection AddKeneyMetrics(this IServiceCollection services)
    {
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.RateLimiting", "System.Runtime", MeterName)
            .AddPrometheusExporter());
        return services;
    }

    public static WebApplication MapKeneyMetrics(this WebApplication app)
    {
        var token = app.Configuration["Metrics:Token"];
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/metrics"), branch => branch.Use(async (context, next) =>
        {
            if (!IsAllowed(context, token))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            await next(context);
        }));
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    private static bool IsAllowed(HttpContext context, string? token)
    {
        if (!string.IsNullOrEmpty(token))
        {
            var header = context.Request.Headers.Authorization.ToString();
            var expected = "Bearer " + token;
            if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header), Encoding.UTF8.GetBytes(expected)))
            {
                return true;
            }
        }
        // No address (an in-process or unusual transport) is not proof of a local caller.
        return context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote);
    }
}
