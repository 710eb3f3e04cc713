using KeneyApp.IntegrationTests.Infrastructure;

namespace KeneyApp.IntegrationTests.Browser;

/// <summary>The sign-in, the home page and the sign-out in a real browser, in French then English.</summary>
public sealed class SignInBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_doctor_signs_in_switches_to_english_and_signs_out_and_the_browser_reports_nothing_wrong()
    {
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/");
        Assert.StartsWith(app.BaseUrl + "/sign-in", page.Url, StringComparison.Ordinal);
        Assert.Equal("Connexion", (await page.TextContentAsync("h1"))?.Trim());
        await Chromium.ScreenshotAsync(page, "sign-in.fr");

        await Chromium.SignInAsync(page, DemoUsers.DrMartin, "not the password", waitForHeader: false);
        await page.WaitForSelectorAsync("[data-testid=sign-in-error]");

        await Chromium.SignInAsync(page, DemoUsers.DrMartin, KeneyAppFactory.DemoPassword);
        Assert.Equal(app.BaseUrl + "/", page.Url);
        Assert.Equal("Dr Pierre Martin", (await page.TextContentAsync("[data-testid=user-name]"))?.Trim());
        Assert.Contains("Bonjour, Dr Pierre Martin", await page.TextContentAsync("main"), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(page, "home.fr");

        await page.SelectOptionAsync("#kn-culture", "en-GB");
        await page.ClickAsync("button >> text=Appliquer");
        await page.WaitForSelectorAsync("text=Hello, Dr Pierre Martin");
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        await Chromium.ScreenshotAsync(page, "home.en");

        await page.ClickAsync("button >> text=Sign out");
        await page.WaitForURLAsync(app.BaseUrl + "/sign-in**");
        await page.GotoAsync(app.BaseUrl + "/");
        Assert.StartsWith(app.BaseUrl + "/sign-in", page.Url, StringComparison.Ordinal);
        Assert.True(chromium.Problems.Count == 0, string.Join("\n", chromium.Problems));
    }
}
