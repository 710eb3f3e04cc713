using System.Net;
using System.Net.Http.Json;
using KeneyApp.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static KeneyApp.IntegrationTests.Features.Notifications.Notifications;

namespace KeneyApp.IntegrationTests.Features.Notifications;

/// <summary>
/// The notifications API by role: own preferences for every clinic user (a patient's are its record's), the
/// delivery log and job runs for the clinic's admin only, another clinic's rows invisible; an opted-out channel is
/// skipped and recorded as such; a new message is announced without a word of it.
/// </summary>
public abstract class NotificationApiTests(AppFixture app)
{
    [Theory]
    [InlineData(DemoUsers.Admin)]
    [InlineData(DemoUsers.DrMartin)]
    [InlineData(DemoUsers.Nurse)]
    [InlineData(DemoUsers.Reception)]
    [InlineData(DemoUsers.JeanDupont)]
    public async Task Every_clinic_user_reads_its_own_preferences_with_the_defaults(string email)
    {
        using var client = await app.ClientFor(email);
        var document = await (await client.GetAsync("/api/v1/notifications/preferences")).AssertOk();
        Assert.Equal("21:00", document.GetProperty("quiet_hours_start").GetString());
        Assert.Equal("08:00", document.GetProperty("quiet_hours_end").GetString());
        Assert.Equal(5, document.GetProperty("channels").EnumerateObject().Count());
        await (await client.GetAsync("/api/v1/notifications")).AssertOk();
    }

    [Fact]
    public async Task The_platform_operator_has_no_notification_preferences()
    {
        using var root = await app.ClientFor(DemoUsers.Root);
        await (await root.GetAsync("/api/v1/notifications/preferences")).AssertProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_put_changes_the_subset_it_sends_and_answers_the_whole_document()
    {
        var email = await StaffAccounts.CreateAsync(app, "nurse");
        using var nurse = app.WithToken((await app.LoginAsync(email, StaffAccounts.Password)).AccessToken);
        var document = await (await nurse.PutAsJsonAsync("/api/v1/notifications/preferences", new
        {
            channels = new { new_message = new { sms = false } },
            quiet_hours_start = "22:30",
            language = "en",
        })).AssertOk();
        Assert.False(document.GetProperty("channels").GetProperty("new_message").GetProperty("sms").GetBoolean());
        Assert.True(document.GetProperty("channels").GetProperty("new_message").GetProperty("email").GetBoolean());
        Assert.Equal("22:30", document.GetProperty("quiet_hours_start").GetString());
        Assert.Equal("08:00", document.GetProperty("quiet_hours_end").GetString());
        Assert.Equal("en", document.GetProperty("language").GetString());

        // Kept, and changed again without touching the rest.
        document = await (await nurse.PutAsJsonAsync("/api/v1/notifications/preferences", new { channels = new { new_message = new { sms = true } } })).AssertOk();
        Assert.True(document.GetProperty("channels").GetProperty("new_message").GetProperty("sms").GetBoolean());
        Assert.Equal("22:30", (await (await nurse.GetAsync("/api/v1/notifications/preferences")).AssertOk()).GetProperty("quiet_hours_start").GetString());
    }

    [Theory]
    [InlineData("""{"channels": {"newsletter": {"email": false}}}""", "channels.newsletter")]
    [InlineData("""{"channels": {"new_message": {"pigeon": false}}}""", "channels.new_message.pigeon")]
    [InlineData("""{"quiet_hours_start": "25:00"}""", "quiet_hours_start")]
    [InlineData("""{"timezone": "Mars/Olympus"}""", "timezone")]
    [InlineData("""{"language": "de"}""", "language")]
    [InlineData("""{"langage": "fr"}""", "langage")]
    public async Task Bad_preferences_are_refused_naming_the_field_and_change_nothing(string body, string field)
    {
        var email = await StaffAccounts.CreateAsync(app, "receptionist");
        using var client = app.WithToken((await app.LoginAsync(email, StaffAccounts.Password)).AccessToken);
        var before = await (await client.GetAsync("/api/v1/notifications/preferences")).Content.ReadAsStringAsync();
        var problem = await (await client.PutAsync("/api/v1/notifications/preferences",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"))).AssertProblem(HttpStatusCode.BadRequest);
        Assert.Contains(problem.GetProperty("errors").EnumerateObject(), e => e.Name.Contains(field, StringComparison.Ordinal));
        Assert.Equal(before, await (await client.GetAsync("/api/v1/notifications/preferences")).Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(DemoUsers.DrMartin)]
    [InlineData(DemoUsers.Nurse)]
    [InlineData(DemoUsers.Reception)]
    [InlineData(DemoUsers.JeanDupont)]
    [InlineData(DemoUsers.Root)]
    public async Task Only_the_clinic_admin_reads_the_delivery_log_and_runs_jobs(string email)
    {
        using var client = await app.ClientFor(email);
        await (await client.GetAsync("/api/v1/notifications/deliveries")).AssertProblem(HttpStatusCode.Forbidden);
        await (await client.PostAsync("/api/v1/notifications/jobs/appointment-reminders/run", null)).AssertProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_delivery_log_holds_the_clinics_own_rows_only_and_filters_are_checked()
    {
        var (patientId, _, _, _) = await PatientWithAppointmentAsync(app, TimeSpan.FromHours(3));
        await RunRemindersAsync(app);
        var ids = (await RowsForPatientAsync(app, patientId)).Select(r => r.Id).ToList();
        Assert.Equal(2, ids.Count);

        using var admin = await app.ClientFor(DemoUsers.Admin);
        var log = await (await admin.GetAsync("/api/v1/notifications/deliveries?type=appointment_reminder&limit=100")).AssertOk();
        Assert.Contains(log.EnumerateArray(), d => d.GetProperty("id").GetInt64() == ids[0]);
        Assert.All(log.EnumerateArray(), d => Assert.Equal("appointment_reminder", d.GetProperty("type").GetString()));
        Assert.DoesNotContain("@", log.GetRawText(), StringComparison.Ordinal); // ids, no contact details

        using var otherAdmin = await app.ClientFor(DemoUsers.Admin2);
        var theirs = await (await otherAdmin.GetAsync("/api/v1/notifications/deliveries?limit=100")).AssertOk();
        Assert.DoesNotContain(theirs.EnumerateArray(), d => ids.Contains(d.GetProperty("id").GetInt64()));
        await RunRemindersAsync(app, DemoUsers.Admin2);
        Assert.Equal(ids, (await RowsForPatientAsync(app, patientId)).Select(r => r.Id).ToList()); // the other clinic's run plans only its own

        await (await admin.GetAsync("/api/v1/notifications/deliveries?status=lost")).AssertProblem(HttpStatusCode.BadRequest);
        await (await admin.PostAsync("/api/v1/notifications/jobs/spam-everyone/run", null)).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_new_message_is_announced_at_once_without_its_subject_or_text_and_an_urgent_one_is_escalated_later()
    {
        var nurseEmail = await StaffAccounts.CreateAsync(app, "nurse");
        var nurseId = await StaffAccounts.IdOf(app, nurseEmail);
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        await (await doctor.PostJson("/api/v1/messages", new
        {
            receiver_id = nurseId,
            subject = "Chambre 12",
            content = "Le patient de la chambre 12 a de la fièvre.",
            is_urgent = true,
        })).AssertOk(HttpStatusCode.Created);

        // No pass run by the test: the sweep, rung by the commit, sends it at once.
        var mail = Assert.Single(await MailDev.Shared.MessagesToAsync(nurseEmail));
        Assert.Equal("Un message urgent vous attend dans KeneyApp", mail.GetProperty("subject").GetString());
        Assert.DoesNotContain("fièvre", Text(mail) + mail.GetProperty("html").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Chambre 12", Text(mail) + mail.GetProperty("html").GetString(), StringComparison.Ordinal);
        Assert.Contains("/messages", Text(mail), StringComparison.Ordinal);

        var rows = await SettledAsync(nurseId, expected: 2);
        Assert.Equal(3, rows.Count);
        var escalation = rows.Single(r => r.Template == "new_message.escalation.v1");
        Assert.Equal(("sms", "pending"), (escalation.Channel, escalation.Status));
        Assert.Equal(rows[0].CreatedAt.AddMinutes(30), escalation.NextAttemptAt, TimeSpan.FromSeconds(1));
        // Staff have no phone on file: the immediate SMS is skipped, and says why.
        Assert.Contains(rows, r => r.Channel == "sms" && r.Status == "skipped" && r.LastError == "no_address");

        // The nurse reads it before the delay: the escalation is cancelled, not sent.
        using var nurse = app.WithToken((await app.LoginAsync(nurseEmail, StaffAccounts.Password)).AccessToken);
        var messageId = (await (await nurse.GetAsync("/api/v1/messages")).AssertOk())[0].GetProperty("id").GetInt32();
        await (await nurse.PostAsync($"/api/v1/messages/{messageId}/read", null)).AssertOk();
        app.Factory.Clock.Advance(TimeSpan.FromMinutes(31));
        await DeliverAsync(app);
        Assert.Equal("cancelled", (await SettledAsync(nurseId, expected: 3)).Single(r => r.Id == escalation.Id).Status);

        using var later = app.WithToken((await app.LoginAsync(nurseEmail, StaffAccounts.Password)).AccessToken); // the clock moved past the token
        var own = await (await later.GetAsync("/api/v1/notifications")).AssertOk();
        Assert.Equal(3, own.GetArrayLength());
    }

    /// <summary>The user's rows once <paramref name="expected"/> of them are settled (the background sweep works at its own pace).</summary>
    private async Task<List<KeneyApp.Domain.Notification>> SettledAsync(int userId, int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var rows = await RowsForUserAsync(app, userId);
            if (rows.Count(r => r.Status is not ("pending" or "sending")) >= expected || DateTime.UtcNow > deadline)
            {
                return rows;
            }
            await Task.Delay(100);
        }
    }
}

public sealed class NotificationApiTestsOnSqlite(SqliteAppWithSmtp app) : NotificationApiTests(app), IClassFixture<SqliteAppWithSmtp>;

public sealed class NotificationApiTestsOnPostgres(PostgresAppWithSmtp app) : NotificationApiTests(app), IClassFixture<PostgresAppWithSmtp>;
