using System.Text.RegularExpressions;
using Serilog.Context;

namespace KeneyApp.Platform.Http;

/// <summary>Echoes a well-formed <c>X-Correlation-ID</c> or makes one, and puts it on the response and on every log event of the request.</summary>
public static partial class CorrelationId
{
    public const string Header = "X-Correlation-ID";
    private const string ItemKey = "keneyapp.correlation_id";

    public static string Of(HttpContext context) =>
        context.Items[ItemKey] as string ?? context.TraceIdentifier;

    public static IApplicationBuilder UseCorrelationId(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var incoming = context.Request.Headers[Header].ToString();
        // Only ids we can safely log: no free text from the client ends up in our logs.
        var id = SafeId().IsMatch(incoming) ? incoming : Guid.NewGuid().ToString("N");
        context.Items[ItemKey] = id;
        // As the response starts: an error answer is built after the exception handler cleared the headers.
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[Header] = id;
            return Task.CompletedTask;
        });
        // Serilog's own context, not a logging scope: the request line is written by Serilog directly and would
        // not see a Microsoft.Extensions.Logging scope; events logged through ILogger reach Serilog and get it too.
        using (LogContext.PushProperty("CorrelationId", id))
        {
            await next(context);
        }
    });

    [GeneratedRegex("^[A-Za-z0-9._-]{8,64}$")]
    private static partial Regex SafeId();
}
