using KeneyApp.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace KeneyApp.IntegrationTests.Browser;

/// <summary>
/// Finding a patient and opening the chart in a real browser: what each role sees, and a patient changing the id
/// in the address bar.
/// </summary>
public sealed class PatientChartBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private Task<IPage> SignedInAsync(Chromium chromium, string email, string password = KeneyAppFactory.DemoPassword) =>
        chromium.SignedInPageAsync(app.BaseUrl, email, password);

    [Fact]
    public async Task A_doctor_finds_jean_dupont_by_name_and_sees_his_allergies_and_the_name_never_enters_the_address()
    {
        await using var chromium = await Chromium.LaunchAsync();
        var page = await SignedInAsync(chromium, DemoUsers.DrMartin);
        await page.ClickAsync("nav >> text=Patients");
        await page.WaitForSelectorAsync("table >> text=DUPONT Jean");
        Assert.True(await page.Locator("tbody tr").CountAsync() > 1);
        await page.FillAsync("#kn-patient-search", "Dupo");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('tbody tr').length === 1");
        Assert.Contains("DUPONT Jean", await page.TextContentAsync("tbody"), StringComparison.Ordinal);
        Assert.DoesNotContain("Dupo", page.Url, StringComparison.OrdinalIgnoreCase);
        await Chromium.ScreenshotAsync(page, "patients.fr");

        await page.ClickAsync("text=DUPONT Jean");
        await page.WaitForSelectorAsync("[data-testid=chart-summary]");
        Assert.Matches(@"/patients/\d+$", page.Url);
        Assert.Equal("Pénicilline", (await page.TextContentAsync("[data-testid=chart-allergies]"))?.Trim());
        Assert.Contains("Hypertension", await page.TextContentAsync("[data-testid=chart-history]"), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(page, "chart.fr");

        await page.GoBackAsync();
        await page.FillAsync("#kn-patient-search", "zzzz-nobody");
        await page.WaitForSelectorAsync("[data-testid=no-patients]");
        Assert.True(chromium.Problems.Count == 0, string.Join("\n", chromium.Problems));
    }

    [Fact]
    public async Task An_open_page_whose_session_is_ended_elsewhere_goes_to_the_sign_in_page_at_its_next_action()
    {
        var email = await StaffAccounts.CreateAsync(app, "nurse");
        var id = await StaffAccounts.IdOf(app, email);
        await using var chromium = await Chromium.LaunchAsync();
        var page = await SignedInAsync(chromium, email, StaffAccounts.Password);
        await page.ClickAsync("nav >> text=Patients");
        await page.WaitForSelectorAsync("table >> text=DUPONT Jean");

        using (var admin = await app.ClientFor(DemoUsers.Admin))
        {
            await (await admin.PatchJson($"/api/v1/users/{id}", new { is_locked = true })).AssertOk();
        }
        await page.FillAsync("#kn-patient-search", "Moreau");
        // Well before the page's own 30-second check: the action itself finds the session ended.
        await page.WaitForURLAsync(app.BaseUrl + "/sign-in**", new() { Timeout = 10_000 });
    }

    [Fact]
    public async Task A_receptionist_sees_the_chart_without_allergies_or_history()
    {
        var jean = await Clinic.PatientIdAsync(app, "Dupont");
        await using var chromium = await Chromium.LaunchAsync();
        var page = await SignedInAsync(chromium, DemoUsers.Reception);
        await page.GotoAsync($"{app.BaseUrl}/patients/{jean}");
        await page.WaitForSelectorAsync("[data-testid=chart-summary]");
        Assert.Equal(0, await page.Locator("[data-testid=chart-allergies]").CountAsync());
        Assert.Equal(0, await page.Locator("[data-testid=chart-history]").CountAsync());
        Assert.DoesNotContain("Pénicilline", await page.ContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jean_dupont_cannot_open_claire_moreaus_record_by_changing_the_id()
    {
        var claire = await Clinic.PatientIdAsync(app, "Moreau");
        await using var chromium = await Chromium.LaunchAsync();
        var page = await SignedInAsync(chromium, DemoUsers.JeanDupont);
        await page.GotoAsync($"{app.BaseUrl}/patients/{claire}");
        await page.WaitForSelectorAsync("[data-testid=chart-not-found]");
        Assert.DoesNotContain("MOREAU", await page.ContentAsync(), StringComparison.Ordinal);

        // The probe is on the record, as the same refusal by the API is: who, which page, which id, nothing else.
        var jean = await Clinic.UserIdAsync(app, DemoUsers.JeanDupont);
        using var admin = await app.ClientFor(DemoUsers.Admin);
        var denials = (await (await admin.GetAsync($"/api/v1/audit?action={KeneyApp.Platform.Audit.DenialAudit.Action}&user_id={jean}&limit=100")).AssertOk())
            .EnumerateArray().ToList();
        var probe = Assert.Single(denials, d => d.GetProperty("resource_type").GetString() == "patient");
        Assert.Equal(claire.ToString(System.Globalization.CultureInfo.InvariantCulture), probe.GetProperty("resource_id").GetString());
        Assert.Equal("page=/patients/{id},status=404", probe.GetProperty("details").GetString());
        Assert.Equal("denied", probe.GetProperty("outcome").GetString());
    }
}
