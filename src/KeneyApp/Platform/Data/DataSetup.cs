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
            services.AddDbContext<AppDbContext, PostgresAppDbContext>(o => Postgres(o, database.ConnectionString));
        }
        else
        {
            Directory.CreateDirectory(data.Path);
            services.AddDbContext<AppDbContext, SqliteAppDbContext>(o => Sqlite(o, database.ConnectionString));
        }
        return services;
    }

    public static DbContextOptionsBuilder Postgres(DbContextOptionsBuilder options, string connectionString) => options
        .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
        .UseSnakeCaseNamingConvention();

    public static DbContextOptionsBuilder Sqlite(DbContextOptionsBuilder options, string connectionString) => options
        .UseSqlite(connectionString, sqlite => sqlite.MigrationsHistoryTable("__ef_migrations_history"))
        .UseSnakeCaseNamingConvention();

    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.MigrateAsync(ct);
    }
}
