using KeneyApp.IntegrationTests.Infrastructure;

namespace KeneyApp.IntegrationTests.Browser;

/// <summary>
/// A receptionist books from a doctor's schedule: the patient picked by name, the doctor and day the schedule's; the
/// appointment appears in the day at once, and a second patient on the same slot is refused in plain words.
/// </summary>
public sealed class ScheduleBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_receptionist_books_from_the_schedule_and_a_double_booking_is_refused()
    {
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.SignedInPageAsync(app.BaseUrl, DemoUsers.Reception, KeneyAppFactory.DemoPassword);
        await page.ClickAsync("nav >> text=Planning");
        await page.WaitForSelectorAsync("#kn-schedule-doctor option >> text=Dr Pierre Martin", new() { State = Microsoft.Playwright.WaitForSelectorState.Attached });
        await page.SelectOptionAsync("#kn-schedule-doctor", new Microsoft.Playwright.SelectOptionValue { Label = "Dr Pierre Martin" });
        await page.FillAsync("#kn-schedule-date", "2027-05-10");
        await page.DispatchEventAsync("#kn-schedule-date", "change");
        await page.WaitForSelectorAsync("[data-testid=free-day]");
        Assert.Equal("2027-05-10", await page.InputValueAsync("#kn-date"));

        await page.FillAsync("#kn-pick-patient", "Dupont");
        await page.ClickAsync("[data-testid=picked-patients] button >> text=DUPONT Jean");
        await page.WaitForSelectorAsync("[data-testid=booking-patient] >> text=DUPONT Jean");
        await page.FillAsync("#kn-time", "11:00");
        await page.ClickAsync("[data-testid=book]");
        await page.WaitForSelectorAsync("[data-testid=booked]");
        await page.WaitForSelectorAsync("[data-testid=schedule-day-list] >> text=DUPONT Jean");
        Assert.Contains("11:00", await page.TextContentAsync("[data-testid=schedule-day-list]"), StringComparison.Ordinal);

        await page.ClickAsync("[data-testid=booking-patient] button");
        await page.FillAsync("#kn-pick-patient", "Moreau");
        await page.ClickAsync("[data-testid=picked-patients] button >> text=MOREAU Claire");
        await page.ClickAsync("[data-testid=book]");
        await page.WaitForSelectorAsync("[data-testid=problem] >> text=Ce médecin a déjà un rendez-vous sur ce créneau");
        Assert.Equal(1, await page.Locator("[data-testid=schedule-day-list] li").CountAsync());
        await Chromium.ScreenshotAsync(page, "schedule-booking-conflict.fr");
        Assert.True(chromium.Problems.Count == 0, string.Join("\n", chromium.Problems));
    }
}
