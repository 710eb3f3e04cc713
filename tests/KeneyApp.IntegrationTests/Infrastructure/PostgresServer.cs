using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace KeneyApp.IntegrationTests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL 15 server for tests. When <c>KENEYAPP_TEST_POSTGRES</c> holds a connection
/// string (test.sh starts one server for the whole run), that server is used and left alone; otherwise a
/// private cluster is created in a temp folder and removed on dispose. Missing binaries are an error, never
/// a skip: the PostgreSQL half of the test suite must run.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string EnvironmentVariable = "KENEYAPP_TEST_POSTGRES";
    private const string BinDir = "/usr/lib/postgresql/15/bin";

    // Null when the server belongs to someone else (environment variable).
    private readonly string? _rootDir;

    private PostgresServer(string adminConnectionString, string? rootDir)
    {
        AdminConnectionString = adminConnectionString;
        _rootDir = rootDir;
    }

    /// <summary>Connection string of the "postgres" database, as superuser.</summary>
    public string AdminConnectionString { get; private set; }

    private string DataDir => Path.Combine(_rootDir!, "data");

    public static async Task<PostgresServer> StartAsync(CancellationToken ct = default)
    {
        var external = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            var builder = new NpgsqlConnectionStringBuilder(external) { Database = "postgres" };
            return new PostgresServer(builder.ConnectionString, rootDir: null);
        }

        if (!File.Exists(Path.Combine(BinDir, "initdb")))
        {
            throw new InvalidOperationException(
                $"PostgreSQL 15 server binaries not found in {BinDir}. Install them " +
                "(apt-get install -y postgresql-15) or run ./test.sh, which does, or set " +
                $"{EnvironmentVariable} to the connection string of a running server.");
        }

        // Short path under /tmp: the socket path must stay under ~100 characters, and every parent
        // must be traversable by the postgres user (the repo checkout may not be).
        var root = Path.Combine("/tmp", "keneyapp-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        var server = new PostgresServer(AdminConnectionStringFor(0), root);
        try
        {
            if (RunningAsRoot)
            {
                await RunAsync("chown", ["postgres:", root], root, ct);
            }

            await RunPostgresToolAsync("initdb",
                ["-D", server.DataDir, "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "-N", "-U", "postgres"],
                root, ct);
            await server.StartOnFreePortAsync(ct);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates a database and returns a connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync(ct);
            // CREATE DATABASE takes no parameters: quote the identifier ourselves.
            var quoted = "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            await using var command = new NpgsqlCommand("CREATE DATABASE " + quoted, connection);
            await command.ExecuteNonQueryAsync(ct);
        }

        // Test classes run side by side on one server: each app's pools stay well under its max_connections even
        // when a test opens a burst of concurrent requests (they wait for a connection instead).
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, MaxPoolSize = 40 }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (_rootDir is null)
        {
            return;
        }

        if (File.Exists(Path.Combine(DataDir, "postmaster.pid")))
        {
            // Immediate: the data is thrown away anyway, no need for a shutdown checkpoint.
            await RunPostgresToolAsync("pg_ctl", ["stop", "-D", DataDir, "-m", "immediate", "-w"], _rootDir,
                CancellationToken.None, throwOnError: false);
        }

        try
        {
            Directory.Delete(_rootDir, recursive: true);
        }
        catch (IOException)
        {
            // A leftover folder in /tmp must not fail the test that owned it.
        }
    }

    private async Task StartOnFreePortAsync(CancellationToken ct)
    {
        // The port is free when picked but could be taken before postgres binds it: retry a few times.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeTcpPort();
            var options = string.Join(' ',
                $"-p {port} -k {_rootDir}",
                "-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off",
                "-c full_page_writes=off -c max_connections=300");
            var (code, output) = await RunPostgresToolAsync("pg_ctl",
                ["start", "-w", "-t", "60", "-D", DataDir, "-l", Path.Combine(_rootDir!, "server.log"), "-o", options],
                _rootDir!, ct, throwOnError: false);
            if (code == 0)
            {
                AdminConnectionString = AdminConnectionStringFor(port);
                return;
            }

            if (attempt == 3)
            {
                var log = File.Exists(Path.Combine(_rootDir!, "server.log"))
                    ? await File.ReadAllTextAsync(Path.Combine(_rootDir!, "server.log"), ct)
                    : "";
                throw new InvalidOperationException($"pg_ctl start failed ({code}): {output}\n{log}");
            }
        }
    }

    private static string AdminConnectionStringFor(int port) =>
        $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Include Error Detail=true";

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // initdb refuses to run as root, so as root the tools run as the postgres user.
    private static bool RunningAsRoot => Environment.UserName == "root";

    private static Task<(int Code, string Output)> RunPostgresToolAsync(
        string tool, string[] args, string workDir, CancellationToken ct, bool throwOnError = true)
    {
        var path = Path.Combine(BinDir, tool);
        return RunningAsRoot
            ? RunAsync("runuser", ["-u", "postgres", "--", path, .. args], workDir, ct, throwOnError)
            : RunAsync(path, args, workDir, ct, throwOnError);
    }

    private static async Task<(int Code, string Output)> RunAsync(
        string file, string[] args, string workDir, CancellationToken ct, bool throwOnError = true)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // The postgres user may not be able to enter the test's working folder.
            WorkingDirectory = workDir,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)
            ?? throw new InvalidOperationException($"Could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        var output = (await stdout) + (await stderr);
        if (throwOnError && process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{file} {string.Join(' ', args)} exited with {process.ExitCode}:\n{output}");
        }

        return (process.ExitCode, output);
    }
}
