using KeneyApp.IntegrationTests.Infrastructure;

namespace KeneyApp.IntegrationTests.Browser;

/// <summary>A live page left alone past the idle limit ends its session (here 3 seconds instead of 15 minutes).</summary>
public sealed class IdleBrowserTests(BrowserAppWithShortIdle app) : IClassFixture<BrowserAppWithShortIdle>
{
    [Fact]
    public async Task An_idle_page_warns_first_then_ends_the_session_by_itself_and_shows_the_sign_in_page()
    {
        // An account of its own: the other test's pages may end their own session for idleness at any time.
        var email = await StaffAccounts.CreateAsync(app, "nurse");
        var idle = $"SELECT CAST(COUNT(*) AS TEXT) FROM login_sessions WHERE revoked_reason = 'idle' AND user_id = {await StaffAccounts.IdOf(app, email)}";
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/sign-in?ReturnUrl=%2Fpatients");
        await Chromium.SignInAsync(page, email, StaffAccounts.Password);
        await page.WaitForSelectorAsync("table >> text=DUPONT Jean");

        // The warning comes before the limit, and its button keeps the page alive.
        await page.WaitForSelectorAsync("[data-testid=idle-warning]", new() { Timeout = 5_000 });
        await Chromium.ScreenshotAsync(page, "idle-warning.fr");
        await page.ClickAsync("[data-testid=idle-stay]");
        await page.WaitForSelectorAsync("[data-testid=idle-warning]", new() { State = Microsoft.Playwright.WaitForSelectorState.Detached });
        await page.FillAsync("#kn-patient-search", "Dup"); // an action within the limit works
        await page.WaitForFunctionAsync("() => document.querySelectorAll('tbody tr').length === 1");
        Assert.Equal("0", (await app.RawRowAsync(idle)).Single());

        // Left alone, the page signs itself out: nothing of the record stays on screen.
        await page.WaitForURLAsync(app.BaseUrl + "/sign-in?reason=idle", new() { Timeout = 10_000 });
        await page.WaitForSelectorAsync("[data-testid=signed-out-idle]");
        Assert.DoesNotContain("DUPONT", await page.ContentAsync(), StringComparison.Ordinal);
        // The session itself ended, for idleness: no copy of the cookie opens anything any more.
        Assert.Equal("1", (await app.RawRowAsync(idle)).Single());
        await page.GotoAsync(app.BaseUrl + "/patients");
        Assert.StartsWith(app.BaseUrl + "/sign-in", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tab_left_in_the_background_does_not_sign_out_the_one_in_use()
    {
        var email = await StaffAccounts.CreateAsync(app, "nurse");
        var idle = $"SELECT CAST(COUNT(*) AS TEXT) FROM login_sessions WHERE revoked_reason = 'idle' AND user_id = {await StaffAccounts.IdOf(app, email)}";
        await using var chromium = await Chromium.LaunchAsync();
        var working = await chromium.NewPageAsync();
        await working.GotoAsync(app.BaseUrl + "/sign-in?ReturnUrl=%2Fpatients");
        await Chromium.SignInAsync(working, email, StaffAccounts.Password);
        await working.WaitForSelectorAsync("table >> text=DUPONT Jean");
        // The user keeps working while the second tab opens: on a loaded machine opening it may take longer than the
        // 3-second limit, and an idle working tab would rightly end the session meanwhile.
        using var opened = new CancellationTokenSource();
        var work = Task.Run(async () =>
        {
            for (var i = 0; !opened.IsCancellationRequested; i++)
            {
                await working.FillAsync("#kn-patient-search", i % 2 == 0 ? "Dup" : "Mor");
                await Task.Delay(500, CancellationToken.None);
            }
        });
        var background = await working.Context.NewPageAsync();
        await background.GotoAsync(app.BaseUrl + "/patients");
        await background.WaitForSelectorAsync("table >> text=DUPONT Jean");
        await opened.CancelAsync();
        await work;

        // Six seconds of work in one tab, twice the idle limit: the other tab sees the same session active.
        for (var i = 0; i < 12; i++)
        {
            await working.FillAsync("#kn-patient-search", i % 2 == 0 ? "Dup" : "Mor");
            await working.WaitForTimeoutAsync(500);
        }
        Assert.StartsWith(app.BaseUrl + "/patients", background.Url, StringComparison.Ordinal);
        Assert.StartsWith(app.BaseUrl + "/patients", working.Url, StringComparison.Ordinal);
        // The cookie (3 seconds of life here) was kept fresh while the user worked: a reload stays signed in.
        await working.ReloadAsync();
        await working.WaitForSelectorAsync("table >> text=DUPONT Jean");
        Assert.StartsWith(app.BaseUrl + "/patients", working.Url, StringComparison.Ordinal);
        Assert.Equal("0", (await app.RawRowAsync(idle)).Single());
    }
}
