using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Tests.Platform.Data;

/// <summary>A model change without a migration for each provider fails the build's tests.</summary>
public class MigrationsTests
{
    [Fact]
    public void Sqlite_migrations_cover_the_model()
    {
        using var db = new SqliteAppDbContext(
            (DbContextOptions<SqliteAppDbContext>)DataSetup.Sqlite(new DbContextOptionsBuilder<SqliteAppDbContext>(), "Data Source=:memory:").Options);
        Assert.False(db.Database.HasPendingModelChanges(), "Run: dotnet ef migrations add <Name> --context SqliteAppDbContext");
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    [Fact]
    public void Postgres_migrations_cover_the_model()
    {
        using var db = new PostgresAppDbContext(
            (DbContextOptions<PostgresAppDbContext>)DataSetup.Postgres(new DbContextOptionsBuilder<PostgresAppDbContext>(), "Host=unused").Options);
        Assert.False(db.Database.HasPendingModelChanges(), "Run: dotnet ef migrations add <Name> --context PostgresAppDbContext");
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    [Fact]
    public void Both_providers_have_the_same_migration_names()
    {
        using var sqlite = new SqliteAppDbContext(
            (DbContextOptions<SqliteAppDbContext>)DataSetup.Sqlite(new DbContextOptionsBuilder<SqliteAppDbContext>(), "Data Source=:memory:").Options);
        using var postgres = new PostgresAppDbContext(
            (DbContextOptions<PostgresAppDbContext>)DataSetup.Postgres(new DbContextOptionsBuilder<PostgresAppDbContext>(), "Host=unused").Options);
        static IEnumerable<string> Names(DbContext db) => db.Database.GetMigrations().Select(m => m[(m.IndexOf('_', StringComparison.Ordinal) + 1)..]);
        Assert.Equal(Names(sqlite), Names(postgres));
    }
}
