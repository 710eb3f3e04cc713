using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;
using Serilog;
using Serilog.Configuration;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;

namespace KeneyApp.Platform.Observability;

/// <summary>
/// Logs to stdout through Serilog, behind Microsoft.Extensions.Logging so that redaction of classified
/// parameters applies: JSON for machines everywhere but Development, where a person reads readable lines.
/// Request lines name the route template, never the raw path, query or body.
/// </summary>
public static class LoggingSetup
{
    public static WebApplicationBuilder AddKeneyLogging(this WebApplicationBuilder builder)
    {
        var logger = new LoggerConfiguration()
            .ReadFrom.Configuration(builder.Configuration)
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Hangfire", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            // Written in batches by a background task: a request never waits for stdout.
            .WriteTo.Sink(new BatchedStdoutSink(Formatter(builder.Environment)), new BatchingOptions
            {
                BatchSizeLimit = 1_000,
                BufferingTimeLimit = TimeSpan.FromMilliseconds(200),
                QueueLimit = 10_000,
            })
            .CreateLogger();
        builder.Logging.ClearProviders();
        // Framework request lines quote full URLs (query strings included): keep them out of every provider.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        builder.Logging.AddSerilog(logger, dispose: true);
        builder.Logging.EnableRedaction();
        builder.Services.AddRedaction(r =>
        {
            r.SetRedactor<ErasingRedactor>(new DataClassificationSet(DataClasses.Phi), new DataClassificationSet(DataClasses.Secret));
            r.SetFallbackRedactor<NullRedactor>();
        });
        builder.Services.AddSingleton<Serilog.ILogger>(logger);
        builder.Services.AddSingleton<Serilog.Extensions.Hosting.DiagnosticContext>(_ => new(logger));
        builder.Services.AddSingleton<IDiagnosticContext>(sp => sp.GetRequiredService<Serilog.Extensions.Hosting.DiagnosticContext>());
        return builder;
    }

    public const string ReadableTemplate = "{Timestamp:HH:mm:ss} {Level:u3} {Message:lj} {Properties:j}{NewLine}{Exception}";

    public static ITextFormatter Formatter(IHostEnvironment environment) => environment.IsDevelopment()
        ? new MessageTemplateTextFormatter(ReadableTemplate, System.Globalization.CultureInfo.InvariantCulture)
        : new CompactJsonFormatter();

    public static IApplicationBuilder UseKeneyRequestLogging(this IApplicationBuilder app) => app.UseSerilogRequestLogging(o =>
    {
        // Our logger, not Serilog's static one (which nobody configures).
        o.Logger = app.ApplicationServices.GetRequiredService<Serilog.ILogger>();
        o.MessageTemplate = "HTTP {RequestMethod} {RouteTemplate} responded {StatusCode} in {Elapsed:0.0} ms";
        o.GetMessageTemplateProperties = (context, _, elapsed, status) =>
        [
            new LogEventProperty("RequestMethod", new ScalarValue(context.Request.Method)),
            new LogEventProperty("RouteTemplate", new ScalarValue(RouteTemplate(context))),
            new LogEventProperty("StatusCode", new ScalarValue(status)),
            new LogEventProperty("Elapsed", new ScalarValue(elapsed)),
        ];
    });

    private static string RouteTemplate(HttpContext context) =>
        (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(unmatched)";
}
