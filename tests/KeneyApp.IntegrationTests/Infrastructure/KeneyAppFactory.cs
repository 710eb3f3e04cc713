using System.Net;
using KeneyApp.Platform.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace KeneyApp.IntegrationTests.Infrastructure;

/// <summary>
/// The real host (Program.cs) on a fresh database of the chosen provider, with the demo data, a fake clock
/// tests can move, and its own data folder. Settings go in as host settings so Program.cs sees them at once.
/// </summary>
public sealed class KeneyAppFactory(
    DatabaseProvider provider, string connectionString, IReadOnlyDictionary<string, string?>? settings = null, IPAddress? clientAddress = null,
    bool realClock = false)
    : WebApplicationFactory<Program>
{
    public const string DemoPassword = "Demo-Password-2026!";

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    public DatabaseProvider Provider => provider;
    public CapturedLogs Logs { get; } = new();
    public string DataDir { get; } = Directory.CreateTempSubdirectory("keneyapp-it-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Demo", "true");
        builder.UseSetting("KENEYAPP_DEMO_PASSWORD", DemoPassword);
        builder.UseSetting("KENEYAPP_DATA_DIR", DataDir);
        builder.UseSetting("Jobs:Enabled", "false");
        // Tests log in often from one address; the login limit itself has its own test with the real figure.
        builder.UseSetting("RateLimiting:Policies:login:PermitLimit", "10000");
        builder.UseSetting("RateLimiting:Policies:api:PermitLimit", "100000");
        builder.UseSetting("RateLimiting:Policies:activation:PermitLimit", "10000");
        builder.UseSetting("RateLimiting:Policies:messages-send:PermitLimit", "100000");
        builder.UseSetting("RateLimiting:Policies:messages-read:PermitLimit", "100000");
        foreach (var documents in new[] { "documents-upload", "documents-download", "documents-read", "documents-write",
            "shares-create", "shares-access", "shares-read", "shares-revoke", "shares-documents" })
        {
            builder.UseSetting($"RateLimiting:Policies:{documents}:PermitLimit", "100000");
        }
        if (provider == DatabaseProvider.Postgres)
        {
            builder.UseSetting("ConnectionStrings:Postgres", connectionString);
        }
        else
        {
            builder.UseSetting("ConnectionStrings:Sqlite", connectionString);
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services =>
        {
            // A browser's page waits on real timers (MudBlazor's typing debounce takes the app's TimeProvider).
            if (!realClock)
            {
                services.AddSingleton<TimeProvider>(Clock);
            }
            services.AddSingleton<ILoggerProvider>(Logs);
            services.AddSingleton<IStartupFilter>(new TestPipeline(clientAddress));
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            try
            {
                Directory.Delete(DataDir, recursive: true);
            }
            catch (IOException)
            {
                // SQLite may still hold the file for a moment on shutdown; the temp folder is cleaned by the OS.
            }
        }
    }
}
