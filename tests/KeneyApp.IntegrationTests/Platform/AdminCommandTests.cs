using System.Diagnostics;
using KeneyApp.IntegrationTests.Infrastructure;

namespace KeneyApp.IntegrationTests.Platform;

/// <summary>The admin commands of the same binary, run as a real process against a fresh data folder (SQLite) and PostgreSQL.</summary>
public sealed class AdminCommandTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("keneyapp-cli-").FullName;

    [Fact]
    public async Task Migrate_create_tenant_and_rotate_keys_work_on_sqlite()
    {
        Assert.Equal(0, (await RunAsync(null, "migrate")).Code);
        Assert.True(File.Exists(Path.Combine(_data, "keneyapp.db")));

        var created = await RunAsync(null, "create-tenant", "--name", "Clinique du Parc", "--slug", "parc",
            "--admin-email", "admin@parc.test", "--admin-name", "Admin Parc");
        Assert.Equal(0, created.Code);
        Assert.Contains("Created clinic #1 (parc)", created.Output, StringComparison.Ordinal);
        Assert.Matches("Temporary admin password \\(shown once\\): \\S{20}", created.Output);

        var duplicate = await RunAsync(null, "create-tenant", "--name", "Again", "--slug", "parc");
        Assert.Equal(1, duplicate.Code);
        var invalid = await RunAsync(null, "create-tenant", "--name", "Bad", "--slug", "Bad Slug", "--admin-email", "nope");
        Assert.Equal(1, invalid.Code);
        Assert.Contains("--slug", invalid.Output, StringComparison.Ordinal);

        var keyFile = Path.Combine(_data, "keys", "master.key");
        var before = await File.ReadAllTextAsync(keyFile);
        var rotated = await RunAsync(null, "rotate-keys");
        Assert.Equal(0, rotated.Code);
        Assert.NotEqual(before, await File.ReadAllTextAsync(keyFile));
        Assert.Single(Directory.GetFiles(Path.Combine(_data, "keys"), "master.key.*.retired"));
        Assert.Equal(0, (await RunAsync(null, "rotate-keys", "--data-keys")).Code);
    }

    [Fact]
    public async Task Production_refuses_to_start_without_keys_or_postgres()
    {
        var result = await RunAsync(new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" }, "migrate");
        Assert.NotEqual(0, result.Code);
        Assert.Contains("PostgreSQL", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_refuses_to_start_without_its_public_address()
    {
        var env = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DATABASE_URL"] = await SharedPostgres.NewDatabaseAsync(),
            ["ENCRYPTION_KEY"] = KeneyApp.Platform.Crypto.MasterKey.Generate().ToBase64(),
            ["JWT_SIGNING_KEY"] = new string('k', 48),
        };
        var refused = await RunAsync(env, "migrate");
        Assert.NotEqual(0, refused.Code);
        Assert.Contains("PUBLIC_URL", refused.Output, StringComparison.Ordinal);
        env["PUBLIC_URL"] = "https://clinique.example";
        Assert.Equal(0, (await RunAsync(env, "migrate")).Code);
    }

    [Theory]
    [InlineData("sns", "", "SMS_PROVIDER must be one of: none, twilio")]
    [InlineData("twilio", "", "SMS_PROVIDER=twilio needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM_NUMBER")]
    [InlineData("twilio", "AC123", "SMS_PROVIDER=twilio needs TWILIO_AUTH_TOKEN, TWILIO_FROM_NUMBER")]
    public async Task An_unknown_sms_provider_or_missing_twilio_credentials_stop_the_host_with_a_clear_message(string provider, string sid, string message)
    {
        var env = new Dictionary<string, string> { ["SMS_PROVIDER"] = provider };
        if (sid.Length > 0)
        {
            env["TWILIO_ACCOUNT_SID"] = sid;
        }
        var refused = await RunAsync(env, "migrate");
        Assert.Equal(1, refused.Code);
        Assert.Contains(message, refused.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", refused.Output, StringComparison.Ordinal); // a sentence, not a stack trace
    }

    [Fact]
    public async Task Migrate_and_create_tenant_work_on_postgres()
    {
        var database = await SharedPostgres.NewDatabaseAsync();
        var env = new Dictionary<string, string> { ["DATABASE_URL"] = database };
        Assert.Equal(0, (await RunAsync(env, "migrate")).Code);
        var created = await RunAsync(env, "create-tenant", "--name", "Cabinet PG", "--slug", "pg", "--admin-email", "admin@pg.test",
            "--admin-name", "Admin", "--admin-password", "Admin-password-2026");
        Assert.Equal(0, created.Code);
        Assert.DoesNotContain("Temporary", created.Output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private async Task<(int Code, string Output)> RunAsync(IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "KeneyApp.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _data };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["KENEYAPP_DATA_DIR"] = _data;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment.Remove("DATABASE_URL");
        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
