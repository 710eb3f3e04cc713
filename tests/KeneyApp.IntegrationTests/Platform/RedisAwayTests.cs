using System.Net;
using KeneyApp.IntegrationTests.Infrastructure;
using KeneyApp.Platform.Data;

namespace KeneyApp.IntegrationTests.Platform;

/// <summary>
/// A node whose REDIS_URL does not answer still serves (a clinic must sign in during a Redis failover), and still
/// limits: it counts on its own until Redis is back.
/// </summary>
public sealed class RedisAwayTests(RedisAwayTests.UnreachableRedisApp app) : IClassFixture<RedisAwayTests.UnreachableRedisApp>
{
    public sealed class UnreachableRedisApp : AppFixture
    {
        private readonly int _closedPort = NodePeer.FreeTcpPort();

        protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["REDIS_URL"] = $"redis://127.0.0.1:{_closedPort}",
            ["RateLimiting:Policies:shares-access:PermitLimit"] = "3",
        };
    }

    [Fact]
    public async Task Without_redis_the_node_is_ready_and_counts_its_limits_itself()
    {
        using var client = app.Anonymous();
        await (await client.GetAsync("/ready")).AssertOk();
        using var doctor = await app.ClientFor(DemoUsers.DrMartin); // signing in is limited too
        await (await doctor.GetAsync("/api/v1/auth/me")).AssertOk();
        for (var i = 0; i < 3; i++)
        {
            await (await Features.Sharing.Shares.AccessAsync(client, $"unknown-{i}", "123456")).AssertProblem(HttpStatusCode.NotFound);
        }
        await (await Features.Sharing.Shares.AccessAsync(client, "unknown", "123456")).AssertProblem(HttpStatusCode.TooManyRequests);
    }
}
