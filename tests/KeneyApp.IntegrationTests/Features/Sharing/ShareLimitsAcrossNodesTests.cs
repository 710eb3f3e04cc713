using System.Net;
using KeneyApp.IntegrationTests.Infrastructure;
using KeneyApp.Platform.Data;
using static KeneyApp.IntegrationTests.Features.Sharing.Shares;

namespace KeneyApp.IntegrationTests.Features.Sharing;

/// <summary>
/// Two nodes of one deployment (one PostgreSQL, one Redis) behind a balancer: a client gets the limits once, not once
/// per node — the old product's limiter counted per process.
/// </summary>
public sealed class ShareLimitsAcrossNodesTests(ShareLimitsAcrossNodesTests.FirstNode app) : IClassFixture<ShareLimitsAcrossNodesTests.FirstNode>
{
    private const string Client = "198.51.100.77";

    private static Dictionary<string, string?> Deployment() => new()
    {
        ["REDIS_URL"] = RedisServer.Url,
        ["RateLimiting:Policies:shares-create:PermitLimit"] = "10",
        ["RateLimiting:Policies:shares-access:PermitLimit"] = "20",
    };

    public sealed class FirstNode : AppFixture
    {
        protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
        protected override IPAddress ClientAddress => IPAddress.Parse(Client);
        protected override IReadOnlyDictionary<string, string?> Settings => Deployment();
    }

    private KeneyAppFactory SecondNode()
    {
        var settings = Deployment();
        settings["KENEYAPP_DATA_DIR"] = app.Factory.DataDir; // the same keys, as nodes of one deployment share them
        return new KeneyAppFactory(app.Factory.Provider, app.ConnectionString, settings, IPAddress.Parse(Client));
    }

    [Fact]
    public async Task One_address_gets_twenty_opening_attempts_an_hour_whichever_node_answers()
    {
        using var second = SecondNode();
        using var onFirst = app.Anonymous();
        using var onSecond = second.CreateClient();
        for (var i = 0; i < 10; i++)
        {
            await (await AccessAsync(onFirst, $"unknown-link-{i}", "123456")).AssertProblem(HttpStatusCode.NotFound);
            await (await AccessAsync(onSecond, $"unknown-link-{i}", "123456")).AssertProblem(HttpStatusCode.NotFound);
        }
        await (await AccessAsync(onFirst, "unknown-link", "123456")).AssertProblem(HttpStatusCode.TooManyRequests);
        var refused = await AccessAsync(onSecond, "unknown-link", "123456");
        await refused.AssertProblem(HttpStatusCode.TooManyRequests);
        // The wait Redis gives: what is left of the hour, not a guess.
        Assert.True(refused.Headers.RetryAfter?.Delta is { TotalSeconds: > 3000 and <= 3600 }, $"{refused.Headers.RetryAfter}");
    }

    [Fact]
    public async Task A_user_gets_ten_shares_an_hour_whichever_node_answers()
    {
        var jean = await Clinic.PatientIdAsync(app, "Dupont");
        var body = new { patient_id = jean, scope = "appointments_only", expires_in_hours = 1, consent_given = true };
        using var first = await app.ClientFor(DemoUsers.Admin);
        for (var i = 0; i < 10; i++)
        {
            await (await first.PostJson("/api/v1/shares/", body)).AssertOk(HttpStatusCode.Created);
        }
        using var second = SecondNode();
        using var onSecond = second.CreateClient();
        onSecond.DefaultRequestHeaders.Authorization = new("Bearer", (await app.TokensFor(DemoUsers.Admin)).AccessToken);
        var refused = await onSecond.PostJson("/api/v1/shares/", body);
        var problem = await refused.AssertProblem(HttpStatusCode.TooManyRequests);
        Assert.True(problem.GetProperty("retry_after").GetInt32() is > 0 and <= 3600);
        Assert.NotNull(refused.Headers.RetryAfter);
    }

    [Fact]
    public async Task Twenty_simultaneous_creations_by_one_user_make_ten_shares()
    {
        var statuses = await ConcurrentCreationsAsync(app, 20);
        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }
}
