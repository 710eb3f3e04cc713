using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;

namespace KeneyApp.Platform.Security;

public static class AuthenticationSetup
{
    private const string ByPath = "KeneyApp";

    public static IServiceCollection AddKeneyAuthentication(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<CallerPrincipal>().AddScoped<CurrentUser>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<SessionCheck>().AddScoped<SessionRevocations>();
        services.AddSingleton<SessionRevocationFeed>().AddHostedService(sp => sp.GetRequiredService<SessionRevocationFeed>());
        // One door for both kinds of caller: the API takes bearer tokens only (a cookie there would open it to
        // cross-site requests), the web application its cookie (a bearer token still works on the jobs dashboard).
        // Both name a login session, checked on each request.
        services.AddAuthentication(ByPath)
            .AddPolicyScheme(ByPath, ByPath, o => o.ForwardDefaultSelector = context =>
                context.Request.Path.StartsWithSegments("/api")
                || context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? JwtBearerDefaults.AuthenticationScheme
                    : UiCookie.Scheme)
            .AddJwtBearer()
            .AddCookie(UiCookie.Scheme);
        services.AddOptions<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(UiCookie.Scheme)
            .Configure<SessionCheck, IHostEnvironment, IConfiguration>(UiCookie.Configure);
        // The validation parameters need the signing key and clock from DI, so bind them once the container exists.
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<TokenIssuer, SessionCheck>((options, issuer, sessions) =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = issuer.ValidationParameters();
                options.TokenHandlers.Clear();
                options.TokenHandlers.Add(new ValidatedTokenCache(new JsonWebTokenHandler { MapInboundClaims = false }));
                // A signature proves who issued the token, not that its session is still open: ask on every request.
                options.Events = new JwtBearerEvents
                {
                    // An endpoint that reads a bearer token of its own (a share's document token) is not a login.
                    OnMessageReceived = context =>
                    {
                        if (context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<OwnBearerToken>() is not null)
                        {
                            context.NoResult();
                        }
                        return Task.CompletedTask;
                    },
                    OnTokenValidated = async context =>
                    {
                        if (!await sessions.IsOpenAsync(context.Principal!, context.HttpContext.RequestServices, context.HttpContext.RequestAborted))
                        {
                            context.Fail("The session has ended.");
                        }
                    },
                };
            });
        services.AddPermissionPolicies();
        return services;
    }
}

/// <summary>Endpoint metadata: the <c>Authorization: Bearer</c> header carries a token the endpoint checks itself, not a login.</summary>
public sealed class OwnBearerToken;
