using System.Net;
using KeneyApp.IntegrationTests.Infrastructure;

namespace KeneyApp.IntegrationTests.Features.Ui;

/// <summary>The jobs dashboard opens in the operator's browser on the signed-in cookie, and to nobody else.</summary>
public sealed class WebJobsDashboardTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task The_operator_opens_the_jobs_dashboard_from_the_browser_and_a_clinic_admin_cannot()
    {
        using var root = app.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await root.SignInAsync(DemoUsers.Root, KeneyAppFactory.DemoPassword)).StatusCode);
        var dashboard = await root.GetAsync("/jobs");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("Hangfire", await dashboard.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var admin = app.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SignInAsync(DemoUsers.Admin, KeneyAppFactory.DemoPassword)).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await admin.GetAsync("/jobs")).StatusCode);
        using var anonymous = app.Browser();
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync("/jobs")).StatusCode);
    }
}
