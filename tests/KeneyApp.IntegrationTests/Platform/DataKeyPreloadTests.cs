using KeneyApp.IntegrationTests.Infrastructure;
using KeneyApp.Platform.Crypto;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KeneyApp.IntegrationTests.Platform;

/// <summary>The key ring loads every data key up front (start-up calls this), newest active key per clinic.</summary>
public abstract class DataKeyPreloadTests(AppFixture app)
{
    [Fact]
    public async Task Loading_all_keys_caches_each_one_and_picks_each_clinics_newest_active_key()
    {
        var rows = await app.Db(null, db => db.Set<TenantKey>().AsNoTracking().ToListAsync());
        Assert.True(rows.Count >= 2, $"{rows.Count} keys");
        var ring = app.Service(s => s.GetRequiredService<KeyRing>());
        ring.Clear();
        await ring.LoadAllAsync(CancellationToken.None);
        Assert.Equal(rows.Count, ring.CachedKeyCount);
        foreach (var clinic in rows.Where(r => r.IsActive).GroupBy(r => r.TenantId))
        {
            Assert.Equal(clinic.Max(r => r.Id), ring.ActiveKey(clinic.Key).KeyId);
        }
    }
}

public sealed class DataKeyPreloadTestsOnSqlite(SqliteApp app) : DataKeyPreloadTests(app), IClassFixture<SqliteApp>;

public sealed class DataKeyPreloadTestsOnPostgres(PostgresApp app) : DataKeyPreloadTests(app), IClassFixture<PostgresApp>;
