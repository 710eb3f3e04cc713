using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Configuration;
using KeneyApp.Platform.Crypto;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Delivery;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Identity;
using KeneyApp.Platform.Jobs;
using KeneyApp.Platform.Observability;
using KeneyApp.Platform.OpenApi;
using KeneyApp.Platform.Redis;
using KeneyApp.Platform.Security;
using KeneyApp.Platform.Ui;
using Microsoft.Extensions.Options;

namespace KeneyApp.Platform;

/// <summary>Everything feature-agnostic, added and used in one place so Program.cs stays short.</summary>
public static class PlatformSetup
{
    public static WebApplicationBuilder AddKeneyPlatform(this WebApplicationBuilder builder, HostArguments args)
    {
        ConfigurationAliases.Apply(builder.Configuration);
        // Static files as a published app serves them, from a build too: without this, a build's manifest adds a
        // GET-only catch-all that turns a POST to any unknown path (the API's included) into 405 instead of 404.
        builder.Configuration["ReloadStaticAssetsAtRuntime"] ??= "false";
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls("http://localhost:8000");
        }
        builder.AddKeneyLogging();
        var data = DataDirectory.From(builder.Configuration);
        var database = DatabaseOptions.From(builder.Configuration, data);
        var env = builder.Environment;
        if (env.IsProduction() && database.Provider != DatabaseProvider.Postgres)
        {
            throw new OptionsValidationException("Database", typeof(DatabaseOptions),
                ["Production needs PostgreSQL: set DATABASE_URL or ConnectionStrings__Postgres."]);
        }
        var notes = new StartupNotes();
        var services = builder.Services;
        services.AddSingleton(args).AddSingleton(data).AddSingleton(notes).AddSingleton(TimeProvider.System);

        // Keys are loaded now, not on first use, so a missing production key stops the host before it serves anything.
        var encryption = builder.Configuration.GetSection(EncryptionOptions.Section).Get<EncryptionOptions>() ?? new();
        services.AddSingleton(MasterKeySource.Load(encryption, data, env, notes.Warn));
        services.AddOptions<JwtOptions>().Bind(builder.Configuration.GetSection(JwtOptions.Section))
            .Validate(o => o.AccessTokenMinutes is >= 1 and <= 60, "Jwt:AccessTokenMinutes must be between 1 and 60.")
            .Validate(o => o.RefreshTokenDays is >= 1 and <= 90, "Jwt:RefreshTokenDays must be between 1 and 90.")
            .Validate(o => o.SessionMaxDays >= o.RefreshTokenDays && o.SessionMaxDays <= 365, "Jwt:SessionMaxDays must be between RefreshTokenDays and 365.")
            .ValidateOnStart();
        var jwt = builder.Configuration.GetSection(JwtOptions.Section).Get<JwtOptions>() ?? new();
        services.AddSingleton(SigningKeySource.Load(jwt, data, env));
        // Links in e-mails (portal invitations) are built from it; a guess could send patients to the wrong host.
        if (env.IsProduction() && !Uri.TryCreate(builder.Configuration["PUBLIC_URL"], UriKind.Absolute, out _))
        {
            throw new OptionsValidationException("PUBLIC_URL", typeof(string),
                ["Production needs PUBLIC_URL: the address patients and staff use (e.g. https://clinique.example), for links sent by e-mail."]);
        }

        services.AddHostedService<StartupTasks>();
        services.AddKeneyData(database, data);
        services.AddSingleton<KeyRing>().AddSingleton<FieldEncryptor>().AddScoped<RotateKeys>();
        services.AddSingleton<Passwords>();
        services.AddSingleton<AuditWriter>().AddHostedService(sp => sp.GetRequiredService<AuditWriter>()).AddScoped<AuditLog>();
        services.AddSingleton<AuditSealer>().AddHostedService(sp => sp.GetRequiredService<AuditSealer>());
        services.AddSingleton<AuditCheckpoints>().AddHostedService(sp => sp.GetRequiredService<AuditCheckpoints>());
        services.AddKeneyAuthentication();
        services.AddKeneyDelivery(builder.Configuration, data);
        services.AddKeneyWeb(builder.Configuration);
        services.AddKeneyProblemDetails();
        services.AddKeneyRedis(builder.Configuration);
        services.AddKeneyRateLimiting(builder.Configuration);
        services.AddKeneyMetrics();
        services.AddKeneyOpenApi();
        services.AddKeneyUi();
        services.AddKeneyJobs(database, args.Role, builder.Configuration);
        return builder;
    }

    public static WebApplication UseKeneyPlatform(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }
        // With an empty proxy list the middleware would trust every sender: use it only when proxies are named.
        if (!string.IsNullOrWhiteSpace(app.Configuration["ForwardedHeaders:KnownProxies"]))
        {
            app.UseForwardedHeaders();
        }
        app.UseCorrelationId();
        app.UseKeneyRequestLogging();
        app.UseSecurityHeaders();
        app.UseKeneyProblemDetails();
        app.UseOptionalTrailingSlash();
        app.UseKeneyUiCulture();
        app.MapKeneyMetrics();
        app.MapKeneyApiDocs();
        app.UseRouting();
        app.UseCors(WebSetup.CorsPolicy);
        app.UseAuthentication();
        app.UseClinicKeys();
        app.UseDenialAudit();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapHealth();
        app.MapKeneyJobsDashboard();
        return app;
    }
}
