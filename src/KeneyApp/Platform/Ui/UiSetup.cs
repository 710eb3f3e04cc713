using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Localization;
using MudBlazor.Services;

namespace KeneyApp.Platform.Ui;

/// <summary>
/// The web application in the API's host: Blazor components rendered on the server, MudBlazor, French by default
/// and English on choice (a cookie), cookie keys shared by every node through the database.
/// </summary>
public static class UiSetup
{
    public static readonly CultureInfo[] Cultures = [new("fr-FR"), new("en-GB")];

    public static IServiceCollection AddKeneyUi(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, SessionRevalidation>();
        services.AddScoped<UiOperations>().AddScoped<UiActivity>().AddSingleton<SessionActivity>().AddSingleton<LiveUpdates>().AddHostedService<LiveUpdatesRelay>().AddSingleton<UiMetrics>();
        services.AddMudServices();
        services.AddLocalization();
        services.AddDbContext<Security.CookieKeysDbContext>((sp, o) => Security.CookieKeysDbContext.Configure(o, sp.GetRequiredService<Data.DatabaseOptions>()));
        services.AddDataProtection().SetApplicationName("KeneyApp").PersistKeysToDbContext<Security.CookieKeysDbContext>();
        services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
            .Configure<Crypto.MasterKey>((options, master) => options.XmlEncryptor = new Crypto.MasterKeyXmlEncryptor(master));
        return services;
    }

    /// <summary>Before routing: the culture of each request, from the <c>.AspNetCore.Culture</c> cookie, else French.</summary>
    public static WebApplication UseKeneyUiCulture(this WebApplication app)
    {
        var options = new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(Cultures[0]),
            SupportedCultures = Cultures,
            SupportedUICultures = Cultures,
        };
        options.RequestCultureProviders = [new CookieRequestCultureProvider()];
        app.UseRequestLocalization(options);
        return app;
    }

    public static void MapKeneyUi(this WebApplication app)
    {
        app.UseAntiforgery();
        app.MapStaticAssets();
        // Blazor's own frame-ancestors policy is left out: every answer already says frame-ancestors 'none'.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);
        // Nothing but the cookie's sliding expiry (IdleWarning calls it while the user works in a live page).
        app.MapPost("/ui/keepalive", () => Results.NoContent()).RequireAuthorization().DisableAntiforgery().ExcludeFromDescription();
        // The choice of language, kept a year in a cookie; only a path of this site is followed back.
        app.MapPost("/ui/culture", (HttpContext context, [Microsoft.AspNetCore.Mvc.FromForm] string culture, [Microsoft.AspNetCore.Mvc.FromForm] string? returnUrl) =>
        {
            if (Cultures.Any(c => c.Name == culture))
            {
                context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                    new CookieOptions { MaxAge = TimeSpan.FromDays(365), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
            }
            return Results.LocalRedirect(LocalPath(returnUrl));
        }).ExcludeFromDescription();
    }

    /// <summary>
    /// A path of this site, or the home page: never a redirect elsewhere. Control characters (a tab a browser drops
    /// to read <c>/\t/evil</c> as <c>//evil</c>) and escapes (<c>/%2F%2Fevil</c>) are refused outright; the app's own
    /// paths need neither.
    /// </summary>
    public static string LocalPath(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl[0] == '/' && (returnUrl.Length == 1 || (returnUrl[1] != '/' && returnUrl[1] != '\\'))
        && !returnUrl.Any(char.IsControl) && !returnUrl.Contains('%', StringComparison.Ordinal)
            ? returnUrl
            : "/";
}
