using System.Net;
using KeneyApp.IntegrationTests.Infrastructure;
using KeneyApp.Platform.Data;
using static KeneyApp.IntegrationTests.Features.Notifications.Notifications;

namespace KeneyApp.IntegrationTests.Features.Notifications;

/// <summary>
/// SMS through the Twilio SDK against Twilio faked at its HTTP boundary: the exact request Twilio's API takes, quiet
/// hours, a 429 honoured, signed delivery receipts and STOP (a bad signature is refused and changes nothing).
/// </summary>
public abstract class SmsTests(SmsTests.AppWithTwilio app)
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public abstract class AppWithTwilio : AppFixture
    {
        public FakeTwilio Twilio { get; } = new();

        protected override IReadOnlyDictionary<string, string?> Settings => Twilio.AppSettings();
    }

    public sealed class SqliteAppWithTwilio : AppWithTwilio
    {
        protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
    }

    public sealed class PostgresAppWithTwilio : AppWithTwilio
    {
        protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
    }

    /// <summary>Moves the clock forward to the next <paramref name="hour"/>:<paramref name="minute"/> in Paris.</summary>
    private void AdvanceToParis(int hour, int minute = 0)
    {
        var now = app.Factory.Clock.GetUtcNow().UtcDateTime;
        var local = TimeZoneInfo.ConvertTimeFromUtc(now, Paris);
        var target = local.Date.AddHours(hour).AddMinutes(minute);
        if (target <= local)
        {
            target = target.AddDays(1);
        }
        app.Factory.Clock.Advance(TimeZoneInfo.ConvertTimeToUtc(target, Paris) - now);
    }

    [Fact]
    public async Task A_reminder_sms_is_the_request_twilio_takes_and_its_signed_receipt_marks_it_delivered()
    {
        AdvanceToParis(11);
        var phone = NewPhone();
        var sid = "SM" + Guid.NewGuid().ToString("N");
        app.Twilio.Accept(phone, sid);
        var (patientId, _, _, at) = await PatientWithAppointmentAsync(app, TimeSpan.FromHours(20), reason: "Suivi du diabète", phone: phone);
        await RunRemindersAsync(app);
        await DeliverAsync(app);

        var (form, authorization, _) = Assert.Single(app.Twilio.SentTo(phone));
        Assert.Equal(FakeTwilio.FromNumber, form["From"]);
        var local = TimeZoneInfo.ConvertTimeFromUtc(at, Paris);
        Assert.Contains($"rappel de votre rendez-vous le", form["Body"], StringComparison.Ordinal);
        Assert.Contains(local.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), form["Body"], StringComparison.Ordinal);
        Assert.DoesNotContain("diabète", form["Body"], StringComparison.OrdinalIgnoreCase);
        Assert.Equal("https://portal.demo.keneyapp.test/api/v1/notifications/twilio/status", form["StatusCallback"]);
        Assert.Equal("Basic " + Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes($"{FakeTwilio.AccountSid}:{FakeTwilio.AuthToken}")), authorization);
        var row = (await RowsForPatientAsync(app, patientId)).Single(r => r.Channel == "sms");
        Assert.Equal(("sent", sid), (row.Status, row.ProviderId));

        // A receipt with a wrong signature is refused and changes nothing; Twilio's signed one marks it delivered.
        using var anonymous = app.Anonymous();
        var receipt = new Dictionary<string, string> { ["MessageSid"] = sid, ["MessageStatus"] = "delivered", ["AccountSid"] = FakeTwilio.AccountSid };
        await (await PostSignedAsync(anonymous, "/api/v1/notifications/twilio/status", receipt, "bm90IGEgc2lnbmF0dXJl")).AssertProblem(HttpStatusCode.Forbidden);
        await (await PostSignedAsync(anonymous, "/api/v1/notifications/twilio/status", receipt, signature: null)).AssertProblem(HttpStatusCode.Forbidden);
        Assert.Equal("sent", (await RowsForPatientAsync(app, patientId)).Single(r => r.Channel == "sms").Status);
        await (await PostSignedAsync(anonymous, "/api/v1/notifications/twilio/status", receipt)).AssertOk(HttpStatusCode.NoContent);
        row = (await RowsForPatientAsync(app, patientId)).Single(r => r.Channel == "sms");
        Assert.Equal("delivered", row.Status);
        Assert.NotNull(row.DeliveredAt);
        // A late "sent" receipt does not move it back.
        await (await PostSignedAsync(anonymous, "/api/v1/notifications/twilio/status", new Dictionary<string, string>(receipt) { ["MessageStatus"] = "sent" }))
            .AssertOk(HttpStatusCode.NoContent);
        Assert.Equal("delivered", (await RowsForPatientAsync(app, patientId)).Single(r => r.Channel == "sms").Status);
    }

    [Fact]
    public async Task An_sms_due_in_quiet_hours_waits_until_eight_in_the_morning_while_the_e_mail_goes_at_once()
    {
        AdvanceToParis(22, 30);
        var phone = NewPhone();
        app.Twilio.Accept(phone, "SM" + Guid.NewGuid().ToString("N"));
        var (patientId, email, _, _) = await PatientWithAppointmentAsync(app, TimeSpan.FromHours(20), phone: phone);
        await RunRemindersAsync(app);
        await DeliverAsync(app);

        Assert.Single(await MailDev.Shared.MessagesToAsync(email));
        Assert.Empty(app.Twilio.SentTo(phone));
        var sms = (await RowsForPatientAsync(app, patientId)).Single(r => r.Channel == "sms");
        Assert.Equal("pending", sms.Status);
        Assert.Equal(0, sms.Attempts);
        Assert.Equal(8, TimeZoneInfo.ConvertTimeFromUtc(sms.NextAttemptAt, Paris).Hour);

        AdvanceToParis(7, 59);
        await DeliverAsync(app);
        Assert.Empty(app.Twilio.SentTo(phone));
        app.Factory.Clock.Advance(TimeSpan.FromMinutes(1));
        await DeliverAsync(app);
        Assert.Single(app.Twilio.SentTo(phone));
        Assert.Equal("sent", (await RowsForPatientAsync(app, patientId)).Single(r => r.Channel == "sms").Status);
    }

    [Fact]
    public async Task A_429_from_twilio_is_retried_after_its_retry_after_and_the_sms_is_sent_once()
    {
        AdvanceToParis(12);
        var phone = NewPhone();
        var sid = "SM" + Guid.NewGuid().ToString("N");
        app.Twilio.RateLimitOnce(phone, sid);
        var (patientId, _, _, _) = await PatientWithAppointmentAsync(app, TimeSpan.FromHours(20), phone: phone);
        await RunRemindersAsync(app);
        await DeliverAsync(app);

        Assert.Equal([429, 201], app.Twilio.SentTo(phone).Select(r => r.Status));
        var row = (await RowsForPatientAsync(app, patientId)).Single(r => r.Channel == "sms");
        Assert.Equal(("sent", sid, 1), (row.Status, row.ProviderId, row.Attempts));
    }

    [Fact]
    public async Task Stop_sent_by_the_patient_turns_its_sms_off_and_the_next_reminder_goes_by_e_mail_only()
    {
        AdvanceToParis(13);
        var phone = NewPhone();
        var (patientId, email, _, _) = await PatientWithAppointmentAsync(app, TimeSpan.FromHours(40), phone: phone);
        using var anonymous = app.Anonymous();
        var stop = new Dictionary<string, string> { ["From"] = phone, ["To"] = FakeTwilio.FromNumber, ["Body"] = "Stop", ["MessageSid"] = "SM" + Guid.NewGuid().ToString("N") };
        await (await PostSignedAsync(anonymous, "/api/v1/notifications/twilio/inbound", stop, "d3Jvbmc=")).AssertProblem(HttpStatusCode.Forbidden);
        await (await PostSignedAsync(anonymous, "/api/v1/notifications/twilio/inbound", stop)).AssertOk(HttpStatusCode.NoContent);

        app.Factory.Clock.Advance(TimeSpan.FromHours(20));
        AdvanceToParis(14);
        await RunRemindersAsync(app);
        await DeliverAsync(app);
        Assert.Single(await MailDev.Shared.MessagesToAsync(email));
        Assert.Empty(app.Twilio.SentTo(phone));
        var sms = (await RowsForPatientAsync(app, patientId)).Single(r => r.Channel == "sms");
        Assert.Equal(("skipped", "opted_out"), (sms.Status, sms.LastError));
    }

    private static Task<HttpResponseMessage> PostSignedAsync(HttpClient client, string path, Dictionary<string, string> form, string? signature = "")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        if (signature is not null)
        {
            request.Headers.Add("X-Twilio-Signature", signature.Length > 0 ? signature : FakeTwilio.Sign("https://portal.demo.keneyapp.test" + path, form));
        }
        return client.SendAsync(request);
    }
}

public sealed class SmsTestsOnSqlite(SmsTests.SqliteAppWithTwilio app) : SmsTests(app), IClassFixture<SmsTests.SqliteAppWithTwilio>;

public sealed class SmsTestsOnPostgres(SmsTests.PostgresAppWithTwilio app) : SmsTests(app), IClassFixture<SmsTests.PostgresAppWithTwilio>;
