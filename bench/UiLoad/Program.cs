using System.Diagnostics;
using Microsoft.Playwright;

// Drives Debian's chromium against a running KeneyApp. Two modes:
//   render BASE_URL EMAIL PASSWORD USERS SECONDS PATIENT_A PATIENT_B
//     USERS signed-in users, each in a browser context of its own, switch their open chart between two patients
//     for SECONDS (in-page navigation, as a click on a link does); prints the number of charts shown. The app
//     itself measures each one (keneyapp_ui_page_render_duration_seconds).
//   sessions BASE_URL EMAIL PASSWORD COUNT PATIENT
//     opens COUNT tabs, each its own live session on the chart, prints "ready", and keeps them open until stdin
//     closes (the scenario measures the app's memory in between).
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: UiLoad render|sessions …");
    return 2;
}
using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
{
    ExecutablePath = "/usr/bin/chromium",
    Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-extensions",
        "--disable-component-update", "--renderer-process-limit=4"],
});

// The load generator shares the two cores with the app: it spares its own work where the server's is unchanged
// (no stylesheets or fonts to lay out, a small window, no animations).
async Task<IBrowserContext> SignedInAsync(string baseUrl, string email, string password)
{
    var context = await browser.NewContextAsync(new BrowserNewContextOptions
    {
        BaseURL = baseUrl,
        ViewportSize = new() { Width = 800, Height = 600 },
        ReducedMotion = ReducedMotion.Reduce,
    });
    await context.RouteAsync(new System.Text.RegularExpressions.Regex(@"\.(css|woff2?|png|ico)(\?|$)"), route => route.AbortAsync());
    var page = await context.NewPageAsync();
    await page.GotoAsync("/sign-in");
    await page.FillAsync("#kn-email", email);
    await page.FillAsync("#kn-password", password);
    await page.ClickAsync("main button[type=submit]");
    await page.WaitForSelectorAsync("[data-testid=user-name]", new() { Timeout = 120_000 });
    await page.CloseAsync();
    return context;
}

static Task ChartShownAsync(IPage page, string patient) =>
    page.WaitForSelectorAsync($"[data-testid=chart-summary][data-patient='{patient}']", new() { Timeout = 60_000 });

switch (args[0])
{
    case "render":
    {
        var (baseUrl, email, password) = (args[1], args[2], args[3]);
        var users = int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture);
        var seconds = int.Parse(args[5], System.Globalization.CultureInfo.InvariantCulture);
        string[] patients = [args[6], args[7]];
        // One after the other: a sign-in hashes a password, and sixteen at once on two cores is a different benchmark.
        var contexts = new List<IBrowserContext>();
        for (var i = 0; i < users; i++)
        {
            contexts.Add(await SignedInAsync(baseUrl, email, password));
        }
        var pages = await Task.WhenAll(contexts.Select(async c =>
        {
            var page = await c.NewPageAsync();
            await page.GotoAsync($"/patients/{patients[0]}");
            await ChartShownAsync(page, patients[0]);
            return page;
        }));
        var deadline = Stopwatch.StartNew();
        var shown = await Task.WhenAll(pages.Select(async page =>
        {
            var count = 0;
            while (deadline.Elapsed < TimeSpan.FromSeconds(seconds))
            {
                var next = patients[(count + 1) % 2];
                await page.EvaluateAsync("uri => Blazor.navigateTo(uri)", $"/patients/{next}");
                await ChartShownAsync(page, next);
                count++;
            }
            return count;
        }));
        Console.WriteLine($"charts {shown.Sum()}");
        return 0;
    }
    case "sessions":
    {
        var (baseUrl, email, password) = (args[1], args[2], args[3]);
        var count = int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture);
        var context = await SignedInAsync(baseUrl, email, password);
        for (var i = 0; i < count; i++)
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync($"/patients/{args[5]}");
            await ChartShownAsync(page, args[5]);
        }
        Console.WriteLine("ready");
        await Console.In.ReadToEndAsync();
        return 0;
    }
    default:
        Console.Error.WriteLine($"unknown mode {args[0]}");
        return 2;
}
