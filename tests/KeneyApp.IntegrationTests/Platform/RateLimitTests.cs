using System.Net;
using KeneyApp.IntegrationTests.Features.Accounts;
using KeneyApp.IntegrationTests.Infrastructure;
using KeneyApp.Platform.Data;

namespace KeneyApp.IntegrationTests.Platform;

/// <summary>The real login figure: 15 per minute per client address.</summary>
public sealed class RealLoginLimitApp : AppFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimiting:Policies:login:PermitLimit"] = "15",
    };
}

/// <summary>A small per-user API figure, so the test needs few requests.</summary>
public sealed class SmallApiLimitApp : AppFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimiting:Policies:api:PermitLimit"] = "20",
    };
}

public sealed class RateLimitTests(RealLoginLimitApp app) : IClassFixture<RealLoginLimitApp>
{
    [Fact]
    public async Task The_sixteenth_login_in_a_minute_is_429_with_retry_after()
    {
        using var client = app.Anonymous();
        for (var i = 0; i < 15; i++)
        {
            var response = await client.PostAsync("/api/v1/auth/login", AuthenticationTests.Form($"nobody{i}@x.test", "Wrong-password-123"));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        var limited = await client.PostAsync("/api/v1/auth/login", AuthenticationTests.Form(DemoUsers.Admin, KeneyAppFactory.DemoPassword));
        var problem = await limited.AssertProblem(HttpStatusCode.TooManyRequests);
        var retryAfter = int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal(retryAfter, problem.GetProperty("retry_after").GetInt32());
    }

}

public sealed class ApiRateLimitTests(SmallApiLimitApp app) : IClassFixture<SmallApiLimitApp>
{
    [Fact]
    public async Task Api_limits_count_per_user_not_per_address()
    {
        var nurse = await app.TokensFor(DemoUsers.Nurse);
        var doctor = await app.TokensFor(DemoUsers.DrLeroy);
        using var nurseClient = app.WithToken(nurse.AccessToken);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 21; i++)
        {
            statuses.Add((await nurseClient.GetAsync("/api/v1/auth/me")).StatusCode);
        }
        Assert.Equal(20, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        using var doctorClient = app.WithToken(doctor.AccessToken);
        await (await doctorClient.GetAsync("/api/v1/auth/me")).AssertOk();
    }
}
