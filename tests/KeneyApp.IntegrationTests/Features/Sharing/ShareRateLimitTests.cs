using System.Net;
using KeneyApp.IntegrationTests.Infrastructure;
using KeneyApp.Platform.Data;
using static KeneyApp.IntegrationTests.Features.Sharing.Shares;

namespace KeneyApp.IntegrationTests.Features.Sharing;

/// <summary>The real figures: 10 share creations an hour per user, 20 opening attempts an hour per address.</summary>
public sealed class ShareRateLimitTests(ShareRateLimitTests.RealShareLimitsApp app) : IClassFixture<ShareRateLimitTests.RealShareLimitsApp>
{
    public sealed class RealShareLimitsApp : AppFixture
    {
        protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["RateLimiting:Policies:shares-create:PermitLimit"] = "10",
            ["RateLimiting:Policies:shares-access:PermitLimit"] = "20",
        };
    }

    [Fact]
    public async Task The_eleventh_share_of_the_hour_and_the_twenty_first_attempt_are_429()
    {
        var jean = await Clinic.PatientIdAsync(app, "Dupont");
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var body = new { patient_id = jean, scope = "appointments_only", expires_in_hours = 1, consent_given = true };
        string? token = null;
        for (var i = 0; i < 10; i++)
        {
            token = (await (await doctor.PostJson("/api/v1/shares/", body)).AssertOk(HttpStatusCode.Created)).GetProperty("share_token").GetString();
        }
        await (await doctor.PostJson("/api/v1/shares/", body)).AssertProblem(HttpStatusCode.TooManyRequests);
        // Another user still may.
        using var admin = await app.ClientFor(DemoUsers.Admin);
        await (await admin.PostJson("/api/v1/shares/", body)).AssertOk(HttpStatusCode.Created);

        for (var i = 0; i < 20; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await AccessAsync(app, token!, "000000")).StatusCode);
        }
        await (await AccessAsync(app, token!, "000000")).AssertProblem(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Twenty_simultaneous_creations_by_one_user_make_ten_shares()
    {
        var statuses = await ConcurrentCreationsAsync(app, 20);
        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }
}
