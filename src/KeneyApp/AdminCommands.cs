using KeneyApp.Features.Tenancy;
using KeneyApp.Platform.Configuration;
using KeneyApp.Platform.Crypto;
using KeneyApp.Platform.Data;

namespace KeneyApp;

/// <summary><c>migrate</c>, <c>create-tenant</c> and <c>rotate-keys</c>: the same binary, run once and exit.</summary>
public static class AdminCommands
{
    public static async Task<int> RunAsync(WebApplication app, HostArguments args)
    {
        var ct = CancellationToken.None;
        await DataSetup.MigrateAsync(app.Services, ct);
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        switch (args.Command)
        {
            case "migrate":
                Console.WriteLine("Database is up to date.");
                return 0;
            case "create-tenant":
                return await CreateTenantAsync(services, Options(args.CommandArgs), ct);
            case "rotate-keys":
                return await RotateKeysAsync(services, Options(args.CommandArgs), ct);
            default:
                Console.Error.WriteLine($"Unknown command '{args.Command}'.");
                return 2;
        }
    }

    private static async Task<int> CreateTenantAsync(IServiceProvider services, Dictionary<string, string> o, CancellationToken ct)
    {
        var request = new CreateTenantRequest(o.GetValueOrDefault("name"), o.GetValueOrDefault("slug"), o.GetValueOrDefault("contact-email"),
            o.GetValueOrDefault("timezone"), o.GetValueOrDefault("language"),
            o.TryGetValue("admin-email", out var adminEmail)
                ? new TenantAdminRequest(adminEmail, o.GetValueOrDefault("admin-name"), o.GetValueOrDefault("admin-password"))
                : null);
        var outcome = await services.GetRequiredService<CreateTenant>().HandleAsync(request, ct);
        if (outcome.Problem is { } problem)
        {
            Console.Error.WriteLine($"{problem.Title}: {problem.Detail}");
            foreach (var (field, messages) in problem.Errors ?? new Dictionary<string, string[]>())
            {
                Console.Error.WriteLine($"  --{field.Replace("admin.", "admin-", StringComparison.Ordinal).Replace('_', '-')}: {string.Join(" ", messages)}");
            }
            return 1;
        }
        var created = outcome.Value!;
        Console.WriteLine($"Created clinic #{created.Tenant.Id} ({created.Tenant.Slug}); admin user #{created.AdminUserId}.");
        if (created.AdminTemporaryPassword is { } temporary)
        {
            Console.WriteLine($"Temporary admin password (shown once): {temporary}");
        }
        return 0;
    }

    private static async Task<int> RotateKeysAsync(IServiceProvider services, Dictionary<string, string> o, CancellationToken ct)
    {
        var rotate = services.GetRequiredService<RotateKeys>();
        if (o.ContainsKey("data-keys"))
        {
            Console.WriteLine($"New active data key for {await rotate.NewDataKeysAsync(ct)} tenant key(s).");
            return 0;
        }
        var options = services.GetRequiredService<IConfiguration>().GetSection(EncryptionOptions.Section).Get<EncryptionOptions>() ?? new();
        var fromEnvironment = !string.IsNullOrWhiteSpace(options.Key);
        if (fromEnvironment && !o.ContainsKey("new-key"))
        {
            // Never print a master key: the operator makes it (openssl rand -base64 32), stores it, then passes it here.
            Console.Error.WriteLine("ENCRYPTION_KEY is set: make the new key yourself, store it, and pass it with --new-key <base64>.");
            return 2;
        }
        var next = o.TryGetValue("new-key", out var base64) ? MasterKey.FromBase64(base64) : MasterKey.Generate();
        Console.WriteLine("Stop every other KeneyApp process first: a running one still holds the old master key.");
        if (fromEnvironment)
        {
            var count = await rotate.RewrapAsync(next, ct);
            Console.WriteLine($"Re-wrapped {count} data key(s) under master key {next.Id}. Set ENCRYPTION_KEY to the new key before restarting.");
            return 0;
        }
        // The new key is on disk before the database depends on it; the old one is kept as .retired.
        var file = MasterKeySource.DefaultKeyFile(options, services.GetRequiredService<DataDirectory>());
        var pending = file + ".new";
        MasterKeySource.WriteKeyFile(pending, next);
        var rewrapped = await rotate.RewrapAsync(next, ct);
        File.Copy(file, $"{file}.{services.GetRequiredService<MasterKey>().Id}.retired", overwrite: true);
        File.Move(pending, file, overwrite: true);
        Console.WriteLine($"Re-wrapped {rewrapped} data key(s); new master key {next.Id} written to the key file.");
        return 0;
    }

    /// <summary><c>--name X --flag</c> → { name: X, flag: "" }.</summary>
    private static Dictionary<string, string> Options(IReadOnlyList<string> args)
    {
        var options = new Dictionary<string, string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                var hasValue = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
                options[args[i][2..]] = hasValue ? args[++i] : "";
            }
        }
        return options;
    }
}
