namespace KeneyApp.IntegrationTests.Infrastructure;

/// <summary>One PostgreSQL server for the whole test run; each app fixture gets its own database on it.</summary>
internal static class SharedPostgres
{
    private static readonly Lazy<Task<PostgresServer>> Server = new(StartAsync);

    public static async Task<string> NewDatabaseAsync()
    {
        var server = await Server.Value;
        return await server.CreateDatabaseAsync("k_" + Guid.NewGuid().ToString("N")[..16]);
    }

    private static async Task<PostgresServer> StartAsync()
    {
        var server = await PostgresServer.StartAsync();
        // xUnit v2 has no assembly fixture: stop a server we started when the test process ends.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server;
    }
}
