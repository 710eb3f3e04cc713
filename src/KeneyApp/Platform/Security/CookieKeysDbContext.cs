using KeneyApp.Platform.Data;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Platform.Security;

/// <summary>
/// Where ASP.NET Core's data-protection keys (which seal the web application's cookies and antiforgery tokens)
/// live: the database's <c>data_protection_keys</c> table, made by the app's migrations, so every node opens every
/// cookie. A context of its own because the key ring is read synchronously, which a multiplexed PostgreSQL
/// connection refuses.
/// </summary>
public sealed class CookieKeysDbContext(DbContextOptions<CookieKeysDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public static void Configure(DbContextOptionsBuilder options, DatabaseOptions database)
    {
        if (database.Provider == DatabaseProvider.Postgres)
        {
            options.UseNpgsql(DataSetup.ForSynchronousClients(database.ConnectionString)).UseSnakeCaseNamingConvention();
        }
        else
        {
            DataSetup.Sqlite(options, database.ConnectionString);
        }
    }
}
