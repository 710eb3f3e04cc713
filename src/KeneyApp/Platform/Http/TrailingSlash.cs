namespace KeneyApp.Platform.Http;

/// <summary>
/// <c>/api/v1/messages/</c> and <c>/api/v1/messages</c> are the same route (API.md conventions). The documentation
/// pages keep their slash: they answer with links relative to the address the browser asked for.
/// </summary>
public static class TrailingSlash
{
    public static IApplicationBuilder UseOptionalTrailingSlash(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var path = context.Request.Path.Value;
        if (path is { Length: > 1 } && path.EndsWith('/') && path.StartsWith("/api/", StringComparison.Ordinal)
            && !context.Request.Path.StartsWithSegments("/api/v1/docs") && !context.Request.Path.StartsWithSegments("/api/v1/redoc"))
        {
            context.Request.Path = path.TrimEnd('/');
        }
        return next(context);
    });
}
