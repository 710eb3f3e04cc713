using System.Net.Http.Json;
using KeneyApp.IntegrationTests.Infrastructure;
using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;
using static KeneyApp.IntegrationTests.Features.Notifications.Notifications;

namespace KeneyApp.IntegrationTests.Features.Notifications;

/// <summary>
/// Appointment reminders end to end over a real SMTP server, with the clock moved by the test: sent once at the
/// right time, in the patient's language, saying when and with whom but never why; never for a cancelled
/// appointment; re-planned for a moved one; not repeated by a second run, a second pass or a second worker.
/// </summary>
public abstract class ReminderDeliveryTests(AppFixture app)
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    [Fact]
    public async Task A_reminder_goes_once_24_hours_before_by_e_mail_and_the_sms_is_recorded_as_skipped_without_a_provider()
    {
        var (patientId, email, _, at) = await PatientWithAppointmentAsync(app, TimeSpan.FromHours(30), reason: "Suivi du diabète");
        await RunRemindersAsync(app);
        Assert.Empty(await RowsForPatientAsync(app, patientId)); // 30 hours ahead: not yet

        app.Factory.Clock.Advance(TimeSpan.FromHours(7));
        await RunRemindersAsync(app);
        await RunRemindersAsync(app);
        var rows = await RowsForPatientAsync(app, patientId);
        Assert.Equal(["email", "sms"], rows.Select(r => r.Channel).Order());

        await DeliverAsync(app);
        await DeliverAsync(app);
        var mail = Assert.Single(await MailDev.Shared.MessagesToAsync(email));
        var local = TimeZoneInfo.ConvertTimeFromUtc(at, Paris);
        Assert.StartsWith("Rappel : votre rendez-vous du ", mail.GetProperty("subject").GetString(), StringComparison.Ordinal);
        Assert.Contains(local.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), Text(mail), StringComparison.Ordinal);
        Assert.Contains("Test doctor", Text(mail), StringComparison.Ordinal);
        Assert.DoesNotContain("diabète", Text(mail) + mail.GetProperty("html").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("no-reply@demo.keneyapp.test", mail.GetProperty("from")[0].GetProperty("address").GetString());

        rows = await RowsForPatientAsync(app, patientId);
        Assert.Equal("sent", rows.Single(r => r.Channel == "email").Status);
        Assert.Equal(("skipped", "no_provider"), rows.Where(r => r.Channel == "sms").Select(r => (r.Status, r.LastError)).Single());

        // Running the job again later, or passing again, sends nothing more.
        app.Factory.Clock.Advance(TimeSpan.FromHours(1));
        await RunRemindersAsync(app);
        await DeliverAsync(app);
        Assert.Equal(2, (await RowsForPatientAsync(app, patientId)).Count);
        Assert.Single(await MailDev.Shared.MessagesToAsync(email));

        // Counted by channel, with no other label: nothing of the recipient reaches the metrics.
        using var anonymous = app.Anonymous();
        var metrics = await (await anonymous.GetAsync("/metrics")).Content.ReadAsStringAsync();
        Assert.Matches(@"notifications_sent_total\{[^}]*type=""email""[^}]*\} [1-9]", metrics);
        Assert.Contains("notifications_queue_depth", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain(email, metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_patient_who_reads_english_gets_the_english_reminder()
    {
        var (_, email, _, _) = await PatientWithAppointmentAsync(app, TimeSpan.FromHours(20), language: "en");
        await RunRemindersAsync(app);
        await DeliverAsync(app);
        var mail = Assert.Single(await MailDev.Shared.MessagesToAsync(email));
        Assert.StartsWith("Reminder: your appointment on ", mail.GetProperty("subject").GetString(), StringComparison.Ordinal);
        Assert.Contains("with Test doctor", Text(mail), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_after_the_reminder_was_queued_cancels_it_and_moving_re_plans_it_for_the_new_time()
    {
        var (cancelledPatient, cancelledEmail, cancelledId, _) = await PatientWithAppointmentAsync(app, TimeSpan.FromHours(10));
        var (movedPatient, movedEmail, movedId, movedAt) = await PatientWithAppointmentAsync(app, TimeSpan.FromHours(12));
        await RunRemindersAsync(app);
        Assert.Equal(2, (await RowsForPatientAsync(app, cancelledPatient)).Count);

        using var admin = await app.ClientFor(DemoUsers.Admin);
        await (await admin.DeleteAsync($"/api/v1/appointments/{cancelledId}")).AssertOk(System.Net.HttpStatusCode.NoContent);
        var newTime = movedAt.AddHours(5);
        await (await admin.PutAsJsonAsync($"/api/v1/appointments/{movedId}",
            new { appointment_date = newTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture) })).AssertOk();
        await DeliverAsync(app);

        Assert.All(await RowsForPatientAsync(app, cancelledPatient), r => Assert.Equal(("cancelled", "no_longer_applies"), (r.Status, r.LastError)));
        Assert.Empty(await MailDev.Shared.MessagesToAsync(cancelledEmail, atLeast: 0));
        Assert.All(await RowsForPatientAsync(app, movedPatient), r => Assert.Equal("cancelled", r.Status));

        // The next run plans the moved appointment's reminder for its new time, which is sent.
        await RunRemindersAsync(app);
        await DeliverAsync(app);
        var mail = Assert.Single(await MailDev.Shared.MessagesToAsync(movedEmail));
        Assert.Contains(TimeZoneInfo.ConvertTimeFromUtc(newTime, Paris).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), Text(mail),
            StringComparison.Ordinal);
        Assert.Equal(["cancelled", "cancelled", "sent", "skipped"], (await RowsForPatientAsync(app, movedPatient)).Select(r => r.Status).Order());
    }

    [Fact]
    public async Task A_row_held_by_a_sender_that_crashed_is_sent_once_after_its_claim_lapses()
    {
        var (patientId, email, appointmentId, at) = await PatientWithAppointmentAsync(app, TimeSpan.FromHours(50));
        // A node claimed the reminder and died before sending: the row says "sending", held for the lease.
        var now = app.Factory.Clock.GetUtcNow().UtcDateTime;
        await AddRowsAsync(patientId, appointmentId, at, 1, "crashed", r => { r.Status = "sending"; r.ClaimedUntil = now.AddMinutes(10); });

        await DeliverAsync(app);
        Assert.Empty(await MailDev.Shared.MessagesToAsync(email, atLeast: 0));

        app.Factory.Clock.Advance(TimeSpan.FromMinutes(11));
        await DeliverAsync(app);
        await DeliverAsync(app);
        Assert.Single(await MailDev.Shared.MessagesToAsync(email));
        Assert.Equal(("sent", 1), (await RowsForPatientAsync(app, patientId)).Select(r => (r.Status, r.Attempts)).Single());
    }

    [Fact]
    public async Task Two_workers_passing_at_once_send_each_row_once()
    {
        var (patientId, email, appointmentId, at) = await PatientWithAppointmentAsync(app, TimeSpan.FromHours(50));
        // Thirty distinct reminders of one appointment (as if thirty lead times had come due), all due now.
        await AddRowsAsync(patientId, appointmentId, at, 30, "workers", _ => { });

        await Task.WhenAll(Task.Run(() => DeliverAsync(app)), Task.Run(() => DeliverAsync(app)));

        var rows = await RowsForPatientAsync(app, patientId);
        Assert.Equal(30, rows.Count);
        Assert.All(rows, r => Assert.Equal(("sent", 1), (r.Status, r.Attempts)));
        Assert.Equal(30, (await MailDev.Shared.MessagesToAsync(email, atLeast: 30)).Count);
        await Task.Delay(500);
        Assert.Equal(30, (await MailDev.Shared.MessagesToAsync(email, atLeast: 30)).Count);
    }

    [Fact]
    public async Task A_patient_who_turned_a_channel_off_in_the_portal_is_skipped_on_it_and_the_row_says_so()
    {
        using var jean = await app.ClientFor(DemoUsers.JeanDupont);
        await (await jean.PutAsJsonAsync("/api/v1/notifications/preferences", new { channels = new { appointment_reminder = new { email = false } } })).AssertOk();
        try
        {
            var (appointmentId, _) = await AppointmentAsync(app, await Clinic.PatientIdAsync(app, "Dupont"), TimeSpan.FromHours(4));
            await RunRemindersAsync(app);
            await DeliverAsync(app);
            var rows = await app.Db(null, db => db.Set<KeneyApp.Domain.Notification>().IgnoreQueryFilters([KeneyApp.Platform.Data.QueryFilters.Tenant])
                .Where(n => n.SubjectId == appointmentId && n.Type == "appointment_reminder").ToListAsync());
            Assert.Equal(("skipped", "opted_out"), rows.Where(r => r.Channel == "email").Select(r => (r.Status, r.LastError)).Single());
            Assert.Equal(("skipped", "no_provider"), rows.Where(r => r.Channel == "sms").Select(r => (r.Status, r.LastError)).Single());
            // Jean sees both in his own list, addressed to his record.
            var own = await (await jean.GetAsync("/api/v1/notifications?limit=100")).AssertOk();
            Assert.Equal(2, own.EnumerateArray().Count(n => rows.Any(r => r.Id == n.GetProperty("id").GetInt64())));
        }
        finally
        {
            await (await jean.PutAsJsonAsync("/api/v1/notifications/preferences", new { channels = new { appointment_reminder = new { email = true } } })).AssertOk();
        }
    }

    /// <summary>Reminder rows written directly, due now, each with its own key (as if that many lead times had come due).</summary>
    private async Task AddRowsAsync(int patientId, int appointmentId, DateTime at, int count, string label, Action<KeneyApp.Domain.Notification> shape)
    {
        var now = app.Factory.Clock.GetUtcNow().UtcDateTime;
        var tenantId = await app.Db(null, db => db.Set<KeneyApp.Domain.Patient>().IgnoreQueryFilters([QueryFilters.Tenant])
            .Where(p => p.Id == patientId).Select(p => p.TenantId).FirstAsync());
        await app.Db(tenantId, async db =>
        {
            for (var i = 0; i < count; i++)
            {
                var row = new KeneyApp.Domain.Notification
                {
                    RecipientPatientId = patientId,
                    Type = "appointment_reminder",
                    Channel = "email",
                    Template = "appointment_reminder.v1",
                    SubjectId = appointmentId,
                    SubjectAt = at,
                    IdempotencyKey = $"{label}:{appointmentId}:{i}",
                    CreatedAt = now,
                    NextAttemptAt = now,
                };
                shape(row);
                db.Add(row);
            }
            return await db.SaveChangesAsync();
        });
    }
}

public sealed class ReminderDeliveryTestsOnSqlite(SqliteAppWithSmtpAndManualDelivery app) : ReminderDeliveryTests(app), IClassFixture<SqliteAppWithSmtpAndManualDelivery>;

public sealed class ReminderDeliveryTestsOnPostgres(PostgresAppWithSmtpAndManualDelivery app) : ReminderDeliveryTests(app), IClassFixture<PostgresAppWithSmtpAndManualDelivery>;
