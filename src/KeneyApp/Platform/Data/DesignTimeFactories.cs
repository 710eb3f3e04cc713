using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace KeneyApp.Platform.Data;

// Used only by `dotnet ef migrations add`; each provider keeps its own migration set.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args) => new(
        (DbContextOptions<SqliteAppDbContext>)DataSetup.Sqlite(new DbContextOptionsBuilder<SqliteAppDbContext>(), "Data Source=design.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args) => new(
        (DbContextOptions<PostgresAppDbContext>)DataSetup.Postgres(new DbContextOptionsBuilder<PostgresAppDbContext>(), "Host=localhost;Database=design").Options);
}
