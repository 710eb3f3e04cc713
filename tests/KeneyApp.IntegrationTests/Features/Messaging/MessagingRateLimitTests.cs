using System.Net;
using KeneyApp.IntegrationTests.Infrastructure;
using KeneyApp.Platform.Data;

namespace KeneyApp.IntegrationTests.Features.Messaging;

/// <summary>The real messaging figures: 30 sends and 60 reads per minute per user.</summary>
public sealed class RealMessagingLimitsApp : AppFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimiting:Policies:messages-send:PermitLimit"] = "30",
        ["RateLimiting:Policies:messages-read:PermitLimit"] = "60",
    };
}

public sealed class MessagingRateLimitTests(RealMessagingLimitsApp app) : IClassFixture<RealMessagingLimitsApp>
{
    [Fact]
    public async Task The_31st_send_in_a_minute_is_429_for_that_user_only()
    {
        var jean = await Clinic.UserIdAsync(app, DemoUsers.JeanDupont);
        using var nurse = await app.ClientFor(DemoUsers.Nurse);
        for (var i = 0; i < 30; i++)
        {
            await (await nurse.PostJson("/api/v1/messages", new { receiver_id = jean, content = $"Message {i}" })).AssertOk(HttpStatusCode.Created);
        }
        var limited = await nurse.PostJson("/api/v1/messages", new { receiver_id = jean, content = "One too many" });
        await limited.AssertProblem(HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter is not null || limited.Headers.Contains("Retry-After"));
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        await (await doctor.PostJson("/api/v1/messages", new { receiver_id = jean, content = "Still fine" })).AssertOk(HttpStatusCode.Created);
    }

    [Fact]
    public async Task The_61st_read_in_a_minute_is_429()
    {
        using var leroy = await app.ClientFor(DemoUsers.DrLeroy);
        for (var i = 0; i < 60; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await leroy.GetAsync("/api/v1/messages/stats")).StatusCode);
        }
        await (await leroy.GetAsync("/api/v1/messages")).AssertProblem(HttpStatusCode.TooManyRequests);
    }
}
