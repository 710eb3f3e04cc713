using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using KeneyApp.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace KeneyApp.IntegrationTests.Browser;

/// <summary>
/// Debian's chromium (installed by test.sh), driven headless by Playwright; Playwright's own browsers are never
/// downloaded. A page records what the browser itself reports as wrong: console errors (a Content-Security-Policy
/// violation among them) and failed requests. Screenshots go to artifacts/screenshots.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private Chromium(IPlaywright playwright, IBrowser browser) => (_playwright, _browser) = (playwright, browser);

    public List<string> Problems { get; } = [];

    public static async Task<Chromium> LaunchAsync()
    {
        Assert.True(File.Exists(Executable), $"{Executable} is missing: run ./test.sh (it installs Debian's chromium).");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return new Chromium(playwright, browser);
    }

    public async Task<IPage> NewPageAsync(string? locale = null)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { Locale = locale ?? "fr-FR", ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Problems.Add(message.Text);
            }
        };
        // The browser's own PDF viewer (an extension) may abort its loads when the page moves on: not the app's.
        page.RequestFailed += (_, request) =>
        {
            if (!request.Url.StartsWith("chrome-extension://", StringComparison.Ordinal))
            {
                Problems.Add($"{request.Method} {request.Url}: {request.Failure}");
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                Problems.Add($"{response.Request.Method} {response.Url}: {response.Status}");
            }
        };
        return page;
    }

    /// <summary>A new page, signed in through the sign-in page, on the home page.</summary>
    public async Task<IPage> SignedInPageAsync(string baseUrl, string email, string password)
    {
        var page = await NewPageAsync();
        await page.GotoAsync(baseUrl + "/sign-in");
        await SignInAsync(page, email, password);
        return page;
    }

    /// <summary>Fills and sends the sign-in form (the page is already on it); waits for the signed-in header unless told otherwise.</summary>
    public static async Task SignInAsync(IPage page, string email, string password, bool waitForHeader = true)
    {
        await page.FillAsync("#kn-email", email);
        await page.FillAsync("#kn-password", password);
        await page.ClickAsync("main button[type=submit]");
        if (waitForHeader)
        {
            await page.WaitForSelectorAsync("[data-testid=user-name]");
        }
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(Repository.Root, "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    /// <summary>The page's serious and critical WCAG 2.1 A/AA violations found by axe-core, one line each (empty when none).</summary>
    public static async Task<IReadOnlyList<string>> AccessibilityViolationsAsync(IPage page)
    {
        var results = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        return [.. results.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")];
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
