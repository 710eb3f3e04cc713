using KeneyApp.Platform.Configuration;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Platform.Data;

public static class DataSetup
{
    public static IServiceCollection AddKeneyData(this IServiceCollection services, DatabaseOptions database, DataDirectory data)
    {
        services.AddSingleton(database);
        services.AddScoped<TenantScope>();
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
        .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
        .UseSnakeCaseNamingConvention();

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
