using System.Net;
using KeneyApp.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static KeneyApp.IntegrationTests.Features.Notifications.Notifications;

namespace KeneyApp.IntegrationTests.Features.Notifications;

/// <summary>
/// Every notification e-mail carries a signed unsubscribe link and the one-click headers (RFC 8058): opening the page
/// changes nothing, its button or a mail client's one-click POST turns that type off by e-mail, without signing in;
/// a forged link does nothing.
/// </summary>
public abstract class UnsubscribeTests(AppFixture app)
{
    private static string UnsubscribePath(string text)
    {
        var start = text.IndexOf("/unsubscribe/", StringComparison.Ordinal);
        Assert.True(start >= 0, "no unsubscribe link in the e-mail");
        return new string(text[start..].TakeWhile(c => !char.IsWhiteSpace(c)).ToArray());
    }

    private static async Task<string> Header(System.Text.Json.JsonElement mail, string name) =>
        (await MailDev.Shared.SourceAsync(mail)).Headers[name] ?? throw new Xunit.Sdk.XunitException($"no {name} header");

    [Fact]
    public async Task The_page_asks_and_its_button_turns_that_type_off_by_e_mail_only()
    {
        var (patientId, email, _, _) = await PatientWithAppointmentAsync(app, TimeSpan.FromHours(10));
        await RunRemindersAsync(app);
        await DeliverAsync(app);
        var mail = Assert.Single(await MailDev.Shared.MessagesToAsync(email));
        var path = UnsubscribePath(Text(mail));
        Assert.Equal("List-Unsubscribe=One-Click", await Header(mail, "List-Unsubscribe-Post"));
        Assert.Matches("^<https://portal.demo.keneyapp.test/api/v1/notifications/unsubscribe/[A-Za-z0-9_-]+>$", await Header(mail, "List-Unsubscribe"));

        var browser = app.Browser();
        var page = await browser.GetStringAsync(path);
        Assert.Contains("Rappels de rendez-vous", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"unsubscribe\"", page, StringComparison.Ordinal);
        // Opening the page changed nothing: the next reminder still goes by e-mail.
        await AppointmentAsync(app, patientId, TimeSpan.FromHours(12));
        await RunRemindersAsync(app);
        await DeliverAsync(app);
        Assert.Equal(2, (await MailDev.Shared.MessagesToAsync(email, atLeast: 2)).Count);

        var done = await browser.PostFormAsync(path, await browser.TokenOfAsync(path), ("_handler", "unsubscribe"));
        Assert.Contains("data-testid=\"unsubscribed\"", await done.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AppointmentAsync(app, patientId, TimeSpan.FromHours(14));
        await RunRemindersAsync(app);
        await DeliverAsync(app);
        var rows = await RowsForPatientAsync(app, patientId);
        Assert.Equal(("skipped", "opted_out"), rows.Where(r => r.Channel == "email").Select(r => (r.Status, r.LastError)).Last());
        Assert.Equal(2, (await MailDev.Shared.MessagesToAsync(email, atLeast: 0)).Count);
    }

    [Fact]
    public async Task A_mail_clients_one_click_post_unsubscribes_and_a_forged_link_does_nothing()
    {
        var (patientId, email, _, _) = await PatientWithAppointmentAsync(app, TimeSpan.FromHours(9), language: "en");
        await RunRemindersAsync(app);
        await DeliverAsync(app);
        var mail = Assert.Single(await MailDev.Shared.MessagesToAsync(email));
        var oneClick = new Uri((await Header(mail, "List-Unsubscribe")).Trim('<', '>')).AbsolutePath;

        using var anonymous = app.Anonymous();
        var forged = oneClick[..^4] + (oneClick.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        await (await anonymous.PostAsync(forged, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]))).AssertProblem(HttpStatusCode.NotFound);
        Assert.Contains("data-testid=\"unsubscribe-unknown\"", await app.Browser().GetStringAsync("/unsubscribe/not-a-token"), StringComparison.Ordinal);
        await (await anonymous.PostAsync(oneClick, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]))).AssertOk(HttpStatusCode.NoContent);
        // Only that type by e-mail changed: the patient's own language stays (the clinic's is French).
        var stored = await app.Db(null, db => db.Set<KeneyApp.Domain.NotificationPreference>()
            .IgnoreQueryFilters([KeneyApp.Platform.Data.QueryFilters.Tenant]).SingleAsync(p => p.PatientId == patientId));
        Assert.Equal(("en", "appointment_reminder:email"), (stored.Language, stored.OptedOut));

        await AppointmentAsync(app, patientId, TimeSpan.FromHours(11));
        await RunRemindersAsync(app);
        await DeliverAsync(app);
        Assert.Single(await MailDev.Shared.MessagesToAsync(email, atLeast: 0));
        using var admin = await app.ClientFor(DemoUsers.Admin);
        var audit = await (await admin.GetAsync("/api/v1/audit?resource_type=notification_preferences&limit=100")).AssertOk();
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("details").GetString() == "source=unsubscribe_link type=appointment_reminder");
    }
}

public sealed class UnsubscribeTestsOnSqlite(SqliteAppWithSmtpAndManualDelivery app) : UnsubscribeTests(app), IClassFixture<SqliteAppWithSmtpAndManualDelivery>;

public sealed class UnsubscribeTestsOnPostgres(PostgresAppWithSmtpAndManualDelivery app) : UnsubscribeTests(app), IClassFixture<PostgresAppWithSmtpAndManualDelivery>;
