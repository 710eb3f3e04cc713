using KeneyApp.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace KeneyApp.IntegrationTests.Browser;

/// <summary>
/// Every main screen, for the role that uses it: it renders without a browser error, axe-core finds no serious or
/// critical WCAG 2.1 AA violation, and a screenshot is kept (artifacts/screenshots), at desktop width and, for the
/// screens used on the move, at a phone's 360 pixels without sideways scrolling.
/// </summary>
public sealed class ScreensBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private async Task<IPage> SignedInAsync(Chromium chromium, string email, int width = 1280)
    {
        var page = await chromium.SignedInPageAsync(app.BaseUrl, email, KeneyAppFactory.DemoPassword);
        await page.SetViewportSizeAsync(width, 800);
        return page;
    }

    private static async Task CheckAsync(IPage page, string name, List<string> found)
    {
        await Chromium.ScreenshotAsync(page, name);
        foreach (var violation in await Chromium.AccessibilityViolationsAsync(page))
        {
            found.Add($"{name}: {violation}");
        }
    }

    private async Task OpenAsync(IPage page, string path, string ready)
    {
        await page.GotoAsync(app.BaseUrl + path);
        await page.WaitForSelectorAsync(ready);
    }

    [Fact]
    public async Task The_staff_screens_are_accessible()
    {
        var jean = await Clinic.PatientIdAsync(app, "Dupont");
        await using var chromium = await Chromium.LaunchAsync();
        var found = new List<string>();
        var doctor = await SignedInAsync(chromium, DemoUsers.DrMartin);
        await doctor.WaitForSelectorAsync("[data-testid=panel-appointments]");
        await CheckAsync(doctor, "home.doctor.fr", found);
        await OpenAsync(doctor, "/patients", "table >> text=DUPONT Jean");
        await CheckAsync(doctor, "patients.fr", found);
        await OpenAsync(doctor, $"/patients/{jean}", "[data-testid=chart-summary]");
        await CheckAsync(doctor, "chart-summary.fr", found);
        foreach (var (tab, ready, name) in new[]
        {
            ("Rendez-vous", "[data-testid=appointments]", "chart-appointments.fr"),
            ("Prescriptions", "[data-testid=prescriptions]", "chart-prescriptions.fr"),
            ("Vaccinations", "[data-testid=vaccinations]", "chart-vaccinations.fr"),
            ("Documents", "[data-testid=documents]", "chart-documents.fr"),
            ("Messages", "[data-testid=patient-messages]", "chart-messages.fr"),
            ("Historique", "[data-testid=timeline]", "chart-timeline.fr"),
        })
        {
            await doctor.ClickAsync($"role=tab[name='{tab}']");
            await doctor.WaitForSelectorAsync(ready);
            await CheckAsync(doctor, name, found);
        }
        await doctor.ClickAsync("role=tab[name='Documents']");
        await doctor.ClickAsync("text=radio-thorax.dcm");
        await doctor.WaitForSelectorAsync("[data-testid=document-metadata] >> text=CR");
        await doctor.WaitForFunctionAsync("() => document.querySelector('[data-testid=dicom-preview]')?.naturalWidth > 0");
        await CheckAsync(doctor, "document-dicom.fr", found);
        await OpenAsync(doctor, "/schedule", "[data-testid=schedule-week]");
        await doctor.ClickAsync("[data-testid=schedule-week]");
        await doctor.WaitForSelectorAsync("h2 >> nth=6");
        await CheckAsync(doctor, "schedule-week.fr", found);
        await OpenAsync(doctor, "/messages", "[data-testid=messages]");
        await CheckAsync(doctor, "messages.fr", found);
        await doctor.ClickAsync("[data-testid=messages] a >> nth=0");
        await doctor.WaitForSelectorAsync("[data-testid=thread]");
        await CheckAsync(doctor, "message-thread.fr", found);
        await OpenAsync(doctor, "/messages/new", "[data-testid=contacts]");
        await CheckAsync(doctor, "message-new.fr", found);
        await OpenAsync(doctor, "/patients/new", "[data-testid=save-patient]");
        await doctor.ClickAsync("[data-testid=save-patient]");
        await doctor.WaitForSelectorAsync("[data-testid=kn-first-name-error] >> text=Obligatoire.");
        await CheckAsync(doctor, "patient-new-errors.fr", found);
        await OpenAsync(doctor, "/account", "[data-testid=mfa-setup]");
        await CheckAsync(doctor, "account.fr", found);

        var admin = await SignedInAsync(chromium, DemoUsers.Admin);
        await OpenAsync(admin, "/audit", "[data-testid=audit-entries]");
        await CheckAsync(admin, "audit.fr", found);
        await OpenAsync(admin, "/admin/users", "[data-testid=users]");
        await CheckAsync(admin, "users.fr", found);
        await OpenAsync(admin, "/admin/clinic", "[data-testid=save-clinic]");
        await CheckAsync(admin, "clinic.fr", found);
        await OpenAsync(admin, "/admin/vaccines", "[data-testid=catalogue]");
        await CheckAsync(admin, "vaccines.fr", found);
        await OpenAsync(admin, "/admin/notifications", "[data-testid=deliveries], [data-testid=no-deliveries]");
        await CheckAsync(admin, "deliveries.fr", found);
        await OpenAsync(admin, "/notifications/preferences", "[data-testid=preference-channels]");
        await CheckAsync(admin, "notification-preferences.fr", found);
        await OpenAsync(admin, "/notifications", "[data-testid=notifications], [data-testid=no-notifications]");
        await CheckAsync(admin, "notifications.fr", found);

        var operatorPage = await SignedInAsync(chromium, DemoUsers.Root);
        await OpenAsync(operatorPage, "/operator/clinics", "[data-testid=clinics]");
        // Each clinic with its admins.
        await operatorPage.WaitForSelectorAsync($"[data-testid=clinic-admins] >> text={DemoUsers.Admin}");
        await operatorPage.WaitForSelectorAsync($"[data-testid=clinic-admins] >> text={DemoUsers.Admin2}");
        await CheckAsync(operatorPage, "clinics.fr", found);

        Assert.True(found.Count == 0, string.Join("\n", found));
        Assert.True(chromium.Problems.Count == 0, string.Join("\n", chromium.Problems));
    }

    [Fact]
    public async Task The_portal_and_the_public_pages_are_accessible_and_fit_a_phone()
    {
        await using var chromium = await Chromium.LaunchAsync();
        var found = new List<string>();
        var anonymous = await chromium.NewPageAsync();
        await anonymous.SetViewportSizeAsync(360, 740);
        await anonymous.GotoAsync(app.BaseUrl + "/sign-in");
        await CheckAsync(anonymous, "sign-in.phone.fr", found);
        await anonymous.GotoAsync(app.BaseUrl + "/activate");
        await CheckAsync(anonymous, "activate.phone.fr", found);

        var jean = await SignedInAsync(chromium, DemoUsers.JeanDupont, width: 360);
        await jean.WaitForSelectorAsync("[data-testid=panel-messages]");
        await CheckAsync(jean, "portal-home.phone.fr", found);
        await NoSidewaysScrollAsync(jean, "portal-home", found);
        await jean.ClickAsync("nav >> text=Mon dossier");
        await jean.WaitForSelectorAsync("[data-testid=chart-summary]");
        await CheckAsync(jean, "portal-record.phone.fr", found);
        await NoSidewaysScrollAsync(jean, "portal-record", found);
        await jean.ClickAsync("role=tab[name='Documents']");
        await jean.WaitForSelectorAsync("[data-testid=documents]");
        await CheckAsync(jean, "portal-documents.phone.fr", found);
        await OpenAsync(jean, "/messages", "[data-testid=messages]");
        await CheckAsync(jean, "portal-messages.phone.fr", found);
        await NoSidewaysScrollAsync(jean, "portal-messages", found);
        await OpenAsync(jean, "/notifications/preferences", "[data-testid=preference-channels]");
        await CheckAsync(jean, "portal-notification-preferences.phone.fr", found);
        await NoSidewaysScrollAsync(jean, "portal-notification-preferences", found);
        await anonymous.GotoAsync(app.BaseUrl + "/unsubscribe/not-a-valid-link");
        await CheckAsync(anonymous, "unsubscribe.phone.fr", found);

        var doctor = await SignedInAsync(chromium, DemoUsers.DrMartin, width: 360);
        await OpenAsync(doctor, "/patients", "table >> text=DUPONT Jean");
        await CheckAsync(doctor, "patients.phone.fr", found);
        await NoSidewaysScrollAsync(doctor, "patients", found);

        Assert.True(found.Count == 0, string.Join("\n", found));
        Assert.True(chromium.Problems.Count == 0, string.Join("\n", chromium.Problems));
    }

    private static async Task NoSidewaysScrollAsync(IPage page, string name, List<string> found)
    {
        if (await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"))
        {
            found.Add($"{name}: wider than the phone's screen");
        }
    }
}
