using KeneyApp.Platform.Http;
using KeneyApp.Platform.Identity;

namespace KeneyApp.Features.Accounts;

public static class AccountsEndpoints
{
    public static IServiceCollection AddAccounts(this IServiceCollection services) => services
        .AddSingleton<Passwords>()
        .AddScoped<TotpCodes>()
        .AddScoped<Sessions>()
        .AddScoped<PasswordAttempts>()
        .AddScoped<Login>()
        .AddScoped<RefreshSession>()
        .AddScoped<Logout>()
        .AddScoped<GetMe>()
        .AddScoped<ChangePassword>()
        .AddScoped<Mfa>()
        .AddScoped<ActivateAccount>();

    public static void MapAccounts(this IEndpointRouteBuilder routes)
    {
        Ui.SignOutEndpoint.MapSignOut(routes);
        var open = routes.MapGroup("/api/v1/auth").WithTags("Authentication");
        open.MapPost("/login", LoginAsync)
            .AllowAnonymous().RequireRateLimiting(RateLimits.Login)
            .Accepts<LoginRequest>("application/json", "application/x-www-form-urlencoded")
            .WithName("login").WithSummary("Log in with a password (and a one-time code when MFA is on)")
            .Produces<TokenResponse>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(415).ProducesProblem(429);
        open.MapPost("/refresh", async (RefreshRequest body, RefreshSession handler, CancellationToken ct) =>
                (await handler.HandleAsync(body, ct)).ToHttp(TypedResults.Ok))
            .AllowAnonymous().RequireRateLimiting(RateLimits.Login)
            .WithName("refreshToken").WithSummary("Rotate a refresh token for a new token pair")
            .Produces<TokenResponse>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(429);

        open.MapPost("/activate", async (ActivateAccountRequest body, ActivateAccount handler, CancellationToken ct) =>
                (await handler.HandleAsync(body, ct)).ToHttp(_ => TypedResults.NoContent()))
            .AllowAnonymous().RequireRateLimiting(RateLimits.Activation)
            .WithName("activateAccount").WithSummary("Activate an invited account: the e-mailed token, the date of birth on record, a new password")
            .WithDescription("The token comes only from the invitation e-mail. Five wrong dates of birth void it. On success the account " +
                "logs in with POST /auth/login.")
            .Produces(204).ProducesProblem(400).ProducesProblem(404).ProducesProblem(429);

        var auth = routes.MapGroup("/api/v1/auth").WithTags("Authentication").RequireAuthorization().RequireRateLimiting(RateLimits.Api)
            .ProducesProblem(429);
        auth.MapPost("/logout", async (Logout handler, CancellationToken ct) =>
            {
                await handler.HandleAsync(ct);
                return TypedResults.NoContent();
            })
            .WithName("logout").WithSummary("End this login session (revokes its refresh tokens)").ProducesProblem(401);
        auth.MapGet("/me", async (GetMe handler, CancellationToken ct) => (await handler.HandleAsync(ct)).ToHttp(TypedResults.Ok))
            .WithName("getMe").WithSummary("The calling user").Produces<MeResponse>().ProducesProblem(401).ProducesProblem(404);
        auth.MapPost("/change-password", async (ChangePasswordRequest body, ChangePassword handler, CancellationToken ct) =>
                (await handler.HandleAsync(body, ct)).ToHttp(_ => TypedResults.NoContent()))
            .WithName("changePassword").WithSummary("Change the caller's password; other sessions end")
            .Produces(204).ProducesProblem(400).ProducesProblem(401);

        var mfa = auth.MapGroup("/mfa");
        mfa.MapPost("/setup", async (MfaSetupRequest body, Mfa handler, CancellationToken ct) => (await handler.SetupAsync(body, ct)).ToHttp(TypedResults.Ok))
            .WithName("setupMfa").WithSummary("Start TOTP enrolment (asks for the password again)")
            .Produces<MfaSetupResponse>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(409);
        mfa.MapPost("/activate", async (MfaCodeRequest body, Mfa handler, CancellationToken ct) =>
                (await handler.ActivateAsync(body, ct)).ToHttp(TypedResults.Ok))
            .WithName("activateMfa").WithSummary("Confirm TOTP enrolment with a code; returns recovery codes once")
            .Produces<MfaActivatedResponse>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(409);
        mfa.MapPost("/disable", async (MfaCodeRequest body, Mfa handler, CancellationToken ct) =>
                (await handler.DisableAsync(body, ct)).ToHttp(_ => TypedResults.NoContent()))
            .WithName("disableMfa").WithSummary("Turn MFA off with a code or a recovery code")
            .Produces(204).ProducesProblem(400).ProducesProblem(401).ProducesProblem(409);
    }

    // OAuth2 password-grant clients also send these; they change nothing here.
    private static readonly HashSet<string> FormFields = new(["username", "password", "otp", "grant_type", "scope", "client_id", "client_secret"],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>OAuth2 password-style form or JSON, as the original product's clients send either.</summary>
    private static async Task<IResult> LoginAsync(HttpRequest request, Login handler, CancellationToken ct)
    {
        LoginRequest? body;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            if (form.Keys.FirstOrDefault(k => !FormFields.Contains(k)) is { } unknown)
            {
                return Problem.Invalid(unknown, "Unknown field: check its spelling against the API documentation.").ToHttp();
            }
            body = new LoginRequest(form["username"], form["password"], form["otp"]);
        }
        else if (request.HasJsonContentType())
        {
            body = await request.ReadFromJsonAsync<LoginRequest>(ct);
        }
        else
        {
            return new Problem(415, "Unsupported media type", "Send application/json or application/x-www-form-urlencoded.").ToHttp();
        }
        return (await handler.HandleAsync(body ?? new LoginRequest(null, null, null), ct)).ToHttp(TypedResults.Ok);
    }
}
