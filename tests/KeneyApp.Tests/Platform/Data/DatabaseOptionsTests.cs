using KeneyApp.Platform.Configuration;
using KeneyApp.Platform.Data;
using Microsoft.Extensions.Configuration;

namespace KeneyApp.Tests.Platform.Data;

public class DatabaseOptionsTests
{
    private static DatabaseOptions From(params (string Key, string Value)[] settings) => DatabaseOptions.From(
        new ConfigurationBuilder().AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value)).Build(),
        new DataDirectory("/tmp/keneyapp-test-data"));

    [Fact]
    public void Defaults_to_the_sqlite_file_in_the_data_folder()
    {
        var options = From();
        Assert.Equal(DatabaseProvider.Sqlite, options.Provider);
        Assert.Equal("Data Source=/tmp/keneyapp-test-data/keneyapp.db", options.ConnectionString);
        Assert.True(options.MigrateOnStartup);
    }

    [Fact]
    public void Database_url_in_postgres_form_becomes_an_npgsql_connection_string()
    {
        var options = From(("DATABASE_URL", "postgresql://kene%40y:p%3Ass@db.internal:6543/keneyapp?sslmode=require"));
        Assert.Equal(DatabaseProvider.Postgres, options.Provider);
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(options.ConnectionString);
        Assert.Equal(("db.internal", 6543, "keneyapp", "kene@y", "p:ss", Npgsql.SslMode.Require),
            (builder.Host, builder.Port, builder.Database, builder.Username, builder.Password, builder.SslMode));
    }

    [Fact]
    public void Database_url_may_be_a_plain_npgsql_string_and_migrations_can_be_turned_off()
    {
        var options = From(("DATABASE_URL", "Host=h;Database=d"), ("Database:MigrateOnStartup", "false"));
        Assert.Equal((DatabaseProvider.Postgres, "Host=h;Database=d", false), (options.Provider, options.ConnectionString, options.MigrateOnStartup));
    }

    [Fact]
    public void Connection_string_postgres_selects_postgres()
    {
        Assert.Equal(DatabaseProvider.Postgres, From(("ConnectionStrings:Postgres", "Host=x")).Provider);
    }
}
