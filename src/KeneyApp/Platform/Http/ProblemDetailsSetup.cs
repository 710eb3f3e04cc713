namespace KeneyApp.Platform.Http;

/// <summary>
/// Every error is RFC 9457 problem details with a <c>trace_id</c>. Unhandled exceptions answer a fixed text:
/// nothing from the request is echoed back (hole 9 of the old product leaked through error pages).
/// </summary>
public static class ProblemDetailsSetup
{
    public static IServiceCollection AddKeneyProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = ctx =>
        {
            var details = ctx.ProblemDetails;
            var status = details.Status ?? 500;
            details.Type ??= ProblemTypes.For(status);
            if (ctx.Exception is not null && status >= 500)
            {
                details.Title = "Internal server error";
                details.Detail = "An unexpected error occurred. Quote the trace id to support.";
            }
            else if (ctx.Exception is Microsoft.EntityFrameworkCore.DbUpdateException)
            {
                details.Title = "Conflict";
                details.Detail = "This would duplicate an existing record.";
            }
            else if (ctx.Exception is BadHttpRequestException or System.Text.Json.JsonException)
            {
                BindingProblems.Describe(details, ctx.Exception, ctx.HttpContext);
            }
            else if (status == 415 && string.IsNullOrEmpty(details.Detail))
            {
                BindingProblems.DescribeUnsupportedMediaType(details, ctx.HttpContext);
            }
            details.Extensions.Remove("exception");
            details.Extensions["trace_id"] = CorrelationId.Of(ctx.HttpContext);
        });
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<SafeExceptionLogger>();
        services.AddExceptionHandler(o => o.SuppressDiagnosticsCallback = _ => true);
        services.AddExceptionHandler(o => o.StatusCodeSelector = e => e switch
        {
            BadHttpRequestException bad => bad.StatusCode,
            System.Text.Json.JsonException => 400,
            Microsoft.EntityFrameworkCore.DbUpdateException db when UniqueViolation.Is(db) => 409,
            _ => 500,
        });
        return services;
    }

    public static IApplicationBuilder UseKeneyProblemDetails(this IApplicationBuilder app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}

/// <summary>A unique index refused the write: two requests raced past the duplicate check (answered 409, not 500).</summary>
internal static class UniqueViolation
{
    public static bool Is(Microsoft.EntityFrameworkCore.DbUpdateException exception) => exception.InnerException switch
    {
        Npgsql.PostgresException pg => pg.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        _ => false,
    };
}
