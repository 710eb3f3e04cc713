using System.Net;
using KeneyApp.IntegrationTests.Infrastructure;
using KeneyApp.Platform.Crypto;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KeneyApp.IntegrationTests.Platform;

/// <summary>
/// A wrong master key (another installation's ENCRYPTION_KEY) is found at start-up, not by the first patient read:
/// the host refuses to start, and /ready is false while the key does not open the clinics' data keys.
/// </summary>
public abstract class MasterKeyCheckTests(AppFixture app)
{
    [Fact]
    public void A_second_node_with_another_master_key_refuses_to_start()
    {
        var wrongKey = MasterKey.Generate().ToBase64();
        using var node = new KeneyAppFactory(app.Factory.Provider, app.ConnectionString,
            new Dictionary<string, string?> { ["ENCRYPTION_KEY"] = wrongKey, ["KENEYAPP_DATA_DIR"] = app.Factory.DataDir });
        Assert.ThrowsAny<Exception>(() => node.CreateClient());
        var check = Assert.Single(node.Logs.Lines, l => l.StartsWith("KeneyApp.Platform.StartupTasks|", StringComparison.Ordinal) && l.Contains("does not open", StringComparison.Ordinal));
        Assert.Contains("ENCRYPTION_KEY", check, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey, check, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_is_false_while_the_master_key_does_not_open_the_data_keys()
    {
        using var client = app.Anonymous();
        await (await client.GetAsync("/ready")).AssertOk();
        var keys = app.Factory.Services.GetRequiredService<KeyRing>();
        var active = await app.Db(null, db => db.Set<TenantKey>().Where(k => k.IsActive).Select(k => new { k.Id, k.MasterKeyId }).ToListAsync());
        try
        {
            await app.Db(null, db => db.Set<TenantKey>().Where(k => k.IsActive).ExecuteUpdateAsync(s => s.SetProperty(k => k.MasterKeyId, "0000000000000000")));
            keys.Clear();
            var problem = await (await client.GetAsync("/ready")).AssertProblem(HttpStatusCode.ServiceUnavailable);
            Assert.Contains("master key", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            foreach (var key in active)
            {
                await app.Db(null, db => db.Set<TenantKey>().Where(k => k.Id == key.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.MasterKeyId, key.MasterKeyId)));
            }
            keys.Clear();
            await keys.LoadAllAsync(CancellationToken.None);
        }
        await (await client.GetAsync("/ready")).AssertOk();
    }
}

public sealed class MasterKeyCheckTestsOnSqlite(SqliteApp app) : MasterKeyCheckTests(app), IClassFixture<SqliteApp>;

public sealed class MasterKeyCheckTestsOnPostgres(PostgresApp app) : MasterKeyCheckTests(app), IClassFixture<PostgresApp>;
