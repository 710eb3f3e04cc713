using KeneyApp.Platform.Configuration;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace KeneyApp.Platform.Data;

public static class DataSetup
{
    public static IServiceCollection AddKeneyData(this IServiceCollection services, DatabaseOptions database, DataDirectory data)
    {
        services.AddSingleton(database);
        services.AddScoped<TenantScope>();
        services.AddSingleton<ClientIdBlocks>();
        if (database.Provider == DatabaseProvider.Postgres)
        {
            services.AddPooledDbContextFactory<PostgresAppDbContext>(o => Postgres(o, database.ConnectionString));
            services.AddScoped<AppDbContext>(Rent<PostgresAppDbContext>);
        }
        else
        {
            Directory.CreateDirectory(data.Path);
            services.AddPooledDbContextFactory<SqliteAppDbContext>(o => Sqlite(o, database.ConnectionString));
            services.AddScoped<AppDbContext>(Rent<SqliteAppDbContext>);
        }
        return services;
    }

    /// <summary>A pooled context for this scope, bound to the scope's tenant; disposing the scope returns it.</summary>
    private static TContext Rent<TContext>(IServiceProvider services) where TContext : AppDbContext
    {
        var db = services.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext();
        db.Tenant = services.GetRequiredService<TenantScope>();
        return db;
    }

    public static DbContextOptionsBuilder Postgres(DbContextOptionsBuilder options, string connectionString) => options
        .UseNpgsql(Tuned(connectionString), npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
        .UseSnakeCaseNamingConvention();

    /// <summary>
    /// Npgsql settings for many small queries, unless the connection string says otherwise. Measured on
    /// GET /auth/me (bench/): 3.5k req/s with the driver's defaults, 6.2k with auto-prepared statements (the server
    /// no longer parses and plans each query), 7.7k with multiplexing too (concurrent requests share socket
    /// writes: fewer system calls). No reset on close: the app keeps no session state on a connection (advisory
    /// locks are transaction-scoped), so the DISCARD ALL each reuse would send is pure cost.
    /// Multiplexing allows asynchronous I/O only: code that must stay synchronous (Hangfire) uses
    /// <see cref="ForSynchronousClients"/>.
    /// </summary>
    public static string Tuned(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        bool Given(string keyword) => given.ContainsKey(keyword) || given.ContainsKey(keyword.Replace(" ", "", StringComparison.Ordinal));
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Given("Multiplexing"))
        {
            builder.Multiplexing = true;
        }
        if (!Given("No Reset On Close"))
        {
            builder.NoResetOnClose = true;
        }
        if (!Given("Max Auto Prepare"))
        {
            builder.MaxAutoPrepare = 64;
        }
        if (!Given("Auto Prepare Min Usages"))
        {
            builder.AutoPrepareMinUsages = 2;
        }
        return builder.ConnectionString;
    }

    /// <summary>The connection string for libraries that call Npgsql synchronously (never multiplexed).</summary>
    public static string ForSynchronousClients(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Multiplexing = false }.ConnectionString;

    public static DbContextOptionsBuilder Sqlite(DbContextOptionsBuilder options, string connectionString) => options
        .UseSqlite(WithForeignKeys(connectionString), sqlite => sqlite.MigrationsHistoryTable("__ef_migrations_history"))
        .UseSnakeCaseNamingConvention();

    /// <summary>
    /// Foreign keys on, said in the connection string: EF Core otherwise runs a PRAGMA on every connection
    /// open, which measured at over half the cost of a small query.
    /// </summary>
    private static string WithForeignKeys(string connectionString)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        builder.ForeignKeys ??= true;
        return builder.ToString();
    }

    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.MigrateAsync(ct);
    }
}
