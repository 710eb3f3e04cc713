using KeneyApp.IntegrationTests.Features.Documents;
using KeneyApp.IntegrationTests.Infrastructure;
using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static KeneyApp.IntegrationTests.Features.Notifications.Notifications;

namespace KeneyApp.IntegrationTests.Browser;

/// <summary>
/// Notifications in a real browser: Jean Dupont turns SMS reminders off in the portal and his next reminder goes by
/// e-mail only; a lab result a nurse adds stays out of his portal until Dr Martin releases it from the chart, and
/// he is told then, once. The admin sees it all in the delivery log.
/// </summary>
public sealed class NotificationsBrowserTests(NotificationsBrowserTests.BrowserAppWithNotifications app)
    : IClassFixture<NotificationsBrowserTests.BrowserAppWithNotifications>
{
    /// <summary>The app on Kestrel with real SMTP and Twilio faked at its boundary; the test runs the delivery passes.</summary>
    public sealed class BrowserAppWithNotifications : AppFixture
    {
        public FakeTwilio Twilio { get; } = new();

        protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

        protected override bool RealServer => true;

        protected override IReadOnlyDictionary<string, string?> Settings => Twilio.AppSettings();
    }

    [Fact]
    public async Task Jean_turns_sms_reminders_off_then_a_nurses_lab_result_reaches_him_only_once_dr_martin_releases_it()
    {
        var jeanId = await Clinic.PatientIdAsync(app, "Dupont");
        await using var chromium = await Chromium.LaunchAsync();

        // Jean turns SMS reminders off in the portal.
        var jean = await chromium.SignedInPageAsync(app.BaseUrl, DemoUsers.JeanDupont, KeneyAppFactory.DemoPassword);
        await jean.ClickAsync("nav >> text=Notifications");
        await jean.ClickAsync("[data-testid=preferences-link]");
        await jean.WaitForSelectorAsync("[data-testid=preference-channels]");
        Assert.True(await jean.IsCheckedAsync("#kn-pref-appointment_reminder-sms"));
        await jean.UncheckAsync("#kn-pref-appointment_reminder-sms");
        await jean.ClickAsync("[data-testid=save-preferences]");
        await jean.WaitForSelectorAsync("[data-testid=preferences-saved]");
        Assert.Empty(await Chromium.AccessibilityViolationsAsync(jean));
        await Chromium.ScreenshotAsync(jean, "portal-notification-preferences");

        // His next reminder goes by e-mail only; the SMS is recorded as skipped, and Twilio never hears of it.
        var (appointmentId, _) = await AppointmentAsync(app, jeanId, TimeSpan.FromHours(20));
        await RunRemindersAsync(app);
        await DeliverAsync(app);
        var reminders = await app.Db(null, db => db.Set<KeneyApp.Domain.Notification>().IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking()
            .Where(n => n.Type == "appointment_reminder" && n.SubjectId == appointmentId).ToListAsync());
        Assert.Equal("sent", reminders.Single(r => r.Channel == "email").Status);
        Assert.Equal(("skipped", "opted_out"), reminders.Where(r => r.Channel == "sms").Select(r => (r.Status, r.LastError)).Single());
        Assert.DoesNotContain(app.Twilio.SentTo("+33612345678"), sms => sms.Form["Body"].Contains("rendez-vous", StringComparison.Ordinal));

        // A nurse adds a lab result to his chart: he does not see it.
        var nurse = await chromium.SignedInPageAsync(app.BaseUrl, DemoUsers.Nurse, KeneyAppFactory.DemoPassword);
        await nurse.GotoAsync($"{app.BaseUrl}/patients/{jeanId}");
        await nurse.ClickAsync("role=tab[name='Documents']");
        var name = $"hba1c-{Guid.NewGuid().ToString("N")[..8]}.pdf";
        await nurse.SetInputFilesAsync("#kn-file", new FilePayload { Name = name, MimeType = "application/pdf", Buffer = TestFiles.Pdf("HbA1c " + name) });
        await nurse.WaitForSelectorAsync($"[data-testid=chosen-file] >> text={name}");
        await nurse.SelectOptionAsync("#kn-doc-type", "LabResult");
        await nurse.ClickAsync("[data-testid=upload]");
        var href = await (await nurse.WaitForSelectorAsync("[data-testid=open-uploaded]"))!.GetAttributeAsync("href") ?? "";
        var documentId = int.Parse(href[(href.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        await nurse.WaitForSelectorAsync($"[data-testid=release-{documentId}] >> text=À valider avant le patient");
        Assert.Equal(0, await nurse.Locator($"[data-testid=release-{documentId}] [data-testid=release]").CountAsync()); // nurses do not release

        await jean.GotoAsync($"{app.BaseUrl}/patients/{jeanId}");
        await jean.ClickAsync("role=tab[name='Documents']");
        await jean.WaitForSelectorAsync("[data-testid=documents], [data-testid=no-documents]");
        Assert.Equal(0, await jean.Locator($"text={name}").CountAsync());
        await jean.GotoAsync($"{app.BaseUrl}/documents/{documentId}");
        await jean.WaitForSelectorAsync("[data-testid=document-not-found]");
        Assert.Equal(0, await jean.Locator($"text={name}").CountAsync());

        // Dr Martin releases it from the chart.
        var doctor = await chromium.SignedInPageAsync(app.BaseUrl, DemoUsers.DrMartin, KeneyAppFactory.DemoPassword);
        await doctor.GotoAsync($"{app.BaseUrl}/patients/{jeanId}");
        await doctor.ClickAsync("role=tab[name='Documents']");
        await doctor.ClickAsync($"[data-testid=release-{documentId}] [data-testid=release]");
        await doctor.WaitForSelectorAsync("[data-testid=release-notice]");
        await doctor.WaitForSelectorAsync($"[data-testid=release-{documentId}] [data-testid=notify-again]");
        await Chromium.ScreenshotAsync(doctor, "chart-documents-released");

        // Jean sees it now, and is told once.
        await jean.GotoAsync($"{app.BaseUrl}/patients/{jeanId}");
        await jean.ClickAsync("role=tab[name='Documents']");
        await jean.WaitForSelectorAsync($"[data-testid=documents] >> text={name}");
        await DeliverAsync(app);
        await DeliverAsync(app);
        var told = await app.Db(null, db => db.Set<KeneyApp.Domain.Notification>().IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking()
            .Where(n => n.Type == "lab_result_available" && n.SubjectId == documentId).ToListAsync());
        Assert.Equal(1, told.Count(n => n.Channel == "email" && n.Status == "sent"));
        var mails = await MailDev.Shared.MessagesToAsync(DemoUsers.JeanDupont);
        Assert.All(mails, m => Assert.DoesNotContain(name, Text(m) + m.GetProperty("html").GetString(), StringComparison.Ordinal));

        // His notification centre lists them, and the admin's delivery log too.
        await jean.ClickAsync("nav >> text=Notifications");
        await jean.WaitForSelectorAsync("[data-testid=notifications] >> text=Résultats d'analyses disponibles");
        await Chromium.ScreenshotAsync(jean, "portal-notifications");
        var admin = await chromium.SignedInPageAsync(app.BaseUrl, DemoUsers.Admin, KeneyAppFactory.DemoPassword);
        await admin.ClickAsync("nav >> text=Envois");
        await admin.WaitForSelectorAsync("[data-testid=deliveries]");
        await admin.SelectOptionAsync("#kn-delivery-status", "skipped");
        await admin.ClickAsync("[data-testid=deliveries-search]");
        await admin.WaitForSelectorAsync("[data-testid=deliveries] >> text=opted_out");
        await admin.ClickAsync("[data-testid=run-appointment-reminders]");
        await admin.WaitForSelectorAsync("[data-testid=job-result]");
        Assert.Empty(await Chromium.AccessibilityViolationsAsync(admin));
        await Chromium.ScreenshotAsync(admin, "admin-deliveries");

        // The clinic's notification settings, with the handler's own field errors.
        await admin.GotoAsync($"{app.BaseUrl}/admin/clinic");
        await admin.WaitForSelectorAsync("#kn-clinic-leads");
        Assert.Equal("24", await admin.InputValueAsync("#kn-clinic-leads"));
        await admin.FillAsync("#kn-clinic-leads", "48, 48");
        await admin.ClickAsync("[data-testid=save-clinic]");
        await admin.WaitForSelectorAsync("#kn-clinic-leads-error");
        await admin.FillAsync("#kn-clinic-leads", "48, 2");
        await admin.ClickAsync("[data-testid=save-clinic]");
        await admin.WaitForSelectorAsync("[data-testid=saved]");
        using (var api = await app.ClientFor(DemoUsers.Admin))
        {
            var settings = (await (await api.GetAsync("/api/v1/clinic")).AssertOk()).GetProperty("notifications");
            Assert.Equal([2, 48], settings.GetProperty("appointment_reminder_lead_hours").EnumerateArray().Select(h => h.GetInt32()));
        }
        await admin.FillAsync("#kn-clinic-leads", "24");
        await admin.ClickAsync("[data-testid=save-clinic]");
        await admin.WaitForSelectorAsync("[data-testid=saved]");
        Assert.True(chromium.Problems.Count == 0, string.Join("\n", chromium.Problems));
    }
}
