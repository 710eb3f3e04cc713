using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace KeneyApp.Platform.Security;

/// <summary>
/// The web application's sign-in cookie. It carries the same claims as an access token, so it names a login
/// session, and that session is checked on every request: signing out, or any revocation (a password change, a
/// locked account, an administrator ending sessions), ends the cookie too. HttpOnly, SameSite=Strict, Secure
/// outside Development; it expires after 15 minutes without a request.
/// </summary>
public static class UiCookie
{
    public const string Scheme = "KeneyApp.Ui";
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(15);

    public static void Configure(CookieAuthenticationOptions options, SessionCheck sessions, IHostEnvironment environment, IConfiguration configuration)
    {
        options.Cookie.Name = "keneyapp.ui";
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        options.ExpireTimeSpan = TimeSpan.FromMinutes(configuration.GetValue("Ui:IdleMinutes", IdleTimeout.TotalMinutes));
        options.SlidingExpiration = true;
        options.LoginPath = "/sign-in";
        options.AccessDeniedPath = "/";
        options.Events = new CookieAuthenticationEvents
        {
            OnValidatePrincipal = async context =>
            {
                if (!await sessions.IsOpenAsync(context.Principal!, context.HttpContext.RequestServices, context.HttpContext.RequestAborted))
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(Scheme);
                }
            },
        };
    }
}
