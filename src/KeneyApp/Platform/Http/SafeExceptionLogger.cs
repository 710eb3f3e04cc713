using Microsoft.AspNetCore.Diagnostics;

namespace KeneyApp.Platform.Http;

/// <summary>
/// Logs server errors without their messages: a message may quote data (a database error can name the values
/// of a row), so the log gets the exception types, the route template, the trace id and the stack only.
/// Returns false so the problem-details writer still answers.
/// </summary>
internal sealed class SafeExceptionLogger(ILogger<SafeExceptionLogger> logger) : IExceptionHandler
{
    public ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not (BadHttpRequestException or System.Text.Json.JsonException))
        {
            var types = string.Join(" <- ", Chain(exception).Select(e => e.GetType().FullName));
            var route = (httpContext.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(unmatched)";
            logger.LogError("Unhandled {ExceptionTypes} on {Method} {RouteTemplate}, trace {TraceId}{NewLine}{StackTrace}",
                types, httpContext.Request.Method, route, CorrelationId.Of(httpContext), Environment.NewLine, exception.StackTrace);
        }
        return ValueTask.FromResult(false);
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}
