using Npgsql;

namespace KeneyApp.IntegrationTests.Infrastructure;

public class PostgresServerTests
{
    [Fact]
    public async Task Starts_creates_a_database_and_answers_a_query()
    {
        await using var server = await PostgresServer.StartAsync();
        // Unique name: with KENEYAPP_TEST_POSTGRES the server is shared by the whole run.
        var name = "pgserver_" + Guid.NewGuid().ToString("N")[..8];

        var connectionString = await server.CreateDatabaseAsync(name);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select 1", connection);
        Assert.Equal(1, await command.ExecuteScalarAsync());
        Assert.Equal(name, connection.Database);
    }
}
