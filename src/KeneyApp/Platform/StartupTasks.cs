using KeneyApp.Platform.Configuration;
using KeneyApp.Platform.Crypto;
using KeneyApp.Platform.Data;

namespace KeneyApp.Platform;

/// <summary>
/// Runs before the app serves: applies migrations (unless turned off), seeds the demo once when asked, and
/// prints the start-up banner. A hosted service, so tests through WebApplicationFactory get the same start.
/// </summary>
public sealed class StartupTasks(IServiceProvider services, DatabaseOptions database, HostArguments args, StartupNotes notes,
    IHostApplicationLifetime lifetime, ILogger<StartupTasks> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var warning in notes.Warnings)
        {
            logger.LogWarning("{StartupWarning}", warning);
        }
        if (database.MigrateOnStartup)
        {
            await DataSetup.MigrateAsync(services, cancellationToken);
        }
        if (args.Demo)
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IDemoData>().SeedAsync(cancellationToken);
        }
        await PreloadDataKeysAsync(cancellationToken);
        lifetime.ApplicationStarted.Register(PrintBanner);
    }

    private async Task PreloadDataKeysAsync(CancellationToken ct)
    {
        var keys = services.GetRequiredService<KeyRing>();
        try
        {
            await keys.LoadAllAsync(ct);
            if (await keys.VerifyMasterKeyAsync(ct) is > 0 and var unopenable)
            {
                // Fail before serving: with the wrong key every read of encrypted data would be a 500.
                var failure = new StartupCheckFailedException(
                    $"The configured master key does not open {unopenable} of the clinics' active data keys: ENCRYPTION_KEY (or " +
                    "Encryption:KeyFile) is not this installation's key. Set the right key; nothing was served.");
                logger.LogCritical("{StartupCheck}", failure.Message);
                throw failure;
            }
        }
        catch (System.Data.Common.DbException ex)
        {
            // Not migrated yet (a web node started before the migration), or the database is away: keys load on use.
            logger.LogWarning("Data keys not preloaded ({ExceptionType}); each loads on first use.", ex.GetType().Name);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void PrintBanner()
    {
        var server = services.GetService<Microsoft.AspNetCore.Hosting.Server.IServer>();
        var addresses = server?.Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses;
        var url = addresses?.FirstOrDefault() ?? "http://localhost:8000";
        // Plain text for the person who just typed the run command; the JSON log stays for machines.
        Console.WriteLine($"KeneyApp is running ({args.Role}, {database.Provider}).");
        Console.WriteLine($"  Web application: {url}/");
        Console.WriteLine($"  API docs: {url}/api/v1/docs   (ReDoc: {url}/api/v1/redoc, OpenAPI: {url}/api/v1/openapi.json)");
        if (args.Demo)
        {
            Console.WriteLine("  Demo accounts: see README.md, section 'Demo accounts'.");
        }
    }
}

/// <summary>A start-up check the operator must act on: the host stops with this message, without a stack trace.</summary>
public sealed class StartupCheckFailedException(string message) : Exception(message);

/// <summary>The demo data set (<c>--demo</c>), provided by the app, which knows every feature.</summary>
public interface IDemoData
{
    Task SeedAsync(CancellationToken ct);
}
