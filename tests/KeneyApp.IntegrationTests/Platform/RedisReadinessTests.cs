using System.Net;
using KeneyApp.IntegrationTests.Infrastructure;
using KeneyApp.Platform.Data;

namespace KeneyApp.IntegrationTests.Platform;

/// <summary>
/// A node whose REDIS_URL does not answer is not ready: every limited request would fail there, so the balancer
/// must send them elsewhere.
/// </summary>
public sealed class RedisReadinessTests(RedisReadinessTests.UnreachableRedisApp app) : IClassFixture<RedisReadinessTests.UnreachableRedisApp>
{
    public sealed class UnreachableRedisApp : AppFixture
    {
        protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["REDIS_URL"] = $"redis://127.0.0.1:{NodePeer.FreeTcpPort()}",
        };
    }

    [Fact]
    public async Task Ready_is_false_while_redis_does_not_answer()
    {
        using var client = app.Anonymous();
        var problem = await (await client.GetAsync("/ready")).AssertProblem(HttpStatusCode.ServiceUnavailable);
        Assert.Contains("REDIS_URL", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
