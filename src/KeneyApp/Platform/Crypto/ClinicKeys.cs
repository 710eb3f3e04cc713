using KeneyApp.Platform.Security;

namespace KeneyApp.Platform.Crypto;

/// <summary>
/// Before a signed-in request's handler runs, its clinic's data keys are in memory (loaded or created
/// asynchronously): the handler's synchronous encryption then never waits on the database, and never inside a
/// transaction (where, on SQLite, making a key on another connection would wait on the transaction's own lock).
/// </summary>
public static class ClinicKeys
{
    public static IApplicationBuilder UseClinicKeys(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.Identity?.IsAuthenticated == true)
        {
            var user = context.RequestServices.GetRequiredService<CurrentUser>();
            await context.RequestServices.GetRequiredService<KeyRing>().EnsureLoadedAsync(user.TenantId, context.RequestAborted);
        }
        await next(context);
    });
}
