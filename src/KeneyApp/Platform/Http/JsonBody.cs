namespace KeneyApp.Platform.Http;

/// <summary>
/// What <c>TypedResults.Ok</c> and <c>Created</c> write (status, optional Location, the value as JSON with the
/// app's options), without the logger each asks the logger factory for on every call: the factory hands loggers
/// out under a process-wide lock, which the busiest endpoints (conversation pages, sends) queued on. For the hot
/// paths only; the rest keep <c>TypedResults</c>.
/// </summary>
public sealed class JsonBody<T>(T value, int status = StatusCodes.Status200OK, string? location = null) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = status;
        if (location is not null)
        {
            httpContext.Response.Headers.Location = location;
        }
        return httpContext.Response.WriteAsJsonAsync(value);
    }
}

public static class JsonBody
{
    public static JsonBody<T> Created<T>(string location, T value) => new(value, StatusCodes.Status201Created, location);
}
