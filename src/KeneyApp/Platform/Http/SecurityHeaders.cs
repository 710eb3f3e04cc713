namespace KeneyApp.Platform.Http;

/// <summary>Headers every response carries (SECURITY.md "Transport and headers").</summary>
public static class SecurityHeaders
{
    // Swagger UI and ReDoc load their own inline scripts and styles; the rest of the app gets a strict policy.
    private const string StrictCsp = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
    // The web application: scripts from this site only; MudBlazor writes its theme and some sizes as inline styles.
    private const string UiCsp = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
    // A patient's file shown inside a page of the app (a PDF in a frame, an image): nothing of its own may run or load,
    // and only this site's pages may frame it.
    private const string FileCsp = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'";
    public const string FilesPath = "/ui/documents";
    private const string DocsCsp = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'self'";

    // Written as the response starts, not as the request comes in: an error answer is built after the exception
    // handler cleared every header set so far, and must carry these too.
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            Write(context);
            return Task.CompletedTask;
        });
        return next(context);
    });

    private static void Write(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        var isFile = context.Request.Path.StartsWithSegments(FilesPath);
        headers.XFrameOptions = isFile ? "SAMEORIGIN" : "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        var isDocs = context.Request.Path.StartsWithSegments("/api/v1/docs") || context.Request.Path.StartsWithSegments("/api/v1/redoc")
            || context.Request.Path.StartsWithSegments("/jobs");
        var isApi = context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/health")
            || context.Request.Path.StartsWithSegments("/metrics");
        headers.ContentSecurityPolicy = isDocs ? DocsCsp : isApi ? StrictCsp : isFile ? FileCsp : UiCsp;
        if (context.Request.Path.StartsWithSegments("/api") || isFile)
        {
            headers.CacheControl = "no-store";
        }
    }
}
