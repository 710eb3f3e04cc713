using KeneyApp.IntegrationTests.Infrastructure;

namespace KeneyApp.IntegrationTests.Browser;

/// <summary>A live page left alone past the idle limit ends its session (here 3 seconds instead of 15 minutes).</summary>
public sealed class IdleBrowserTests(BrowserAppWithShortIdle app) : IClassFixture<BrowserAppWithShortIdle>
{
    [Fact]
    public async Task A_page_left_idle_past_the_limit_ends_the_session_and_the_next_action_signs_in_again()
    {
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/sign-in?ReturnUrl=%2Fpatients");
        await Chromium.SignInAsync(page, DemoUsers.Nurse, KeneyAppFactory.DemoPassword);
        await page.WaitForSelectorAsync("table >> text=DUPONT Jean");
        await page.FillAsync("#kn-patient-search", "Dup"); // an action within the limit works
        await page.WaitForFunctionAsync("() => document.querySelectorAll('tbody tr').length === 1");

        await page.WaitForTimeoutAsync(4_000);
        await page.FillAsync("#kn-patient-search", "Moreau");
        await page.WaitForURLAsync(app.BaseUrl + "/sign-in**", new() { Timeout = 10_000 });
        // The session itself ended, for idleness: no copy of the cookie opens anything any more.
        Assert.Equal("1", (await app.RawRowAsync("SELECT CAST(COUNT(*) AS TEXT) FROM login_sessions WHERE revoked_reason = 'idle'")).Single());
        await page.GotoAsync(app.BaseUrl + "/patients");
        Assert.StartsWith(app.BaseUrl + "/sign-in", page.Url, StringComparison.Ordinal);
    }
}
