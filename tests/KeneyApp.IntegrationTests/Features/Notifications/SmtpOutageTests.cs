using System.Text.Json;
using KeneyApp.IntegrationTests.Infrastructure;
using KeneyApp.Platform.Data;
using static KeneyApp.IntegrationTests.Features.Notifications.Notifications;

namespace KeneyApp.IntegrationTests.Features.Notifications;

/// <summary>
/// The app's SMTP server is down (nothing listens on its port): each reminder is retried with exponential backoff,
/// given up as failed after its fifth attempt with an error code and no text; when the server comes back within
/// the attempts, the waiting reminder is delivered.
/// </summary>
public sealed class SmtpOutageTests(SmtpOutageTests.AppWithSmtpDown app) : IClassFixture<SmtpOutageTests.AppWithSmtpDown>
{
    public sealed class AppWithSmtpDown : AppFixture
    {
        public int SmtpPort { get; } = NodePeer.FreeTcpPort();

        protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

        protected override IReadOnlyDictionary<string, string?> Settings
        {
            get
            {
                var settings = AppWithSmtp.SmtpSettings;
                settings["SMTP_PORT"] = SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
                settings["Notifications:Deliver"] = "false";
                return settings;
            }
        }
    }

    [Fact]
    public async Task Reminders_are_retried_with_backoff_then_failed_or_delivered_when_the_server_comes_back()
    {
        // The server stays down for the first reminder's five attempts.
        var (lostPatient, _, _, _) = await PatientWithAppointmentAsync(app, TimeSpan.FromHours(23));
        await RunRemindersAsync(app);
        var waits = new List<TimeSpan>();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await DeliverAsync(app);
            var row = (await RowsForPatientAsync(app, lostPatient)).Single(r => r.Channel == "email");
            Assert.Equal(attempt, row.Attempts);
            Assert.Equal("smtp_unavailable", row.LastError);
            Assert.Equal(attempt < 5 ? "pending" : "failed", row.Status);
            var wait = row.NextAttemptAt - app.Factory.Clock.GetUtcNow().UtcDateTime;
            waits.Add(wait);
            // Not due before its backoff: a pass now changes nothing.
            await DeliverAsync(app);
            Assert.Equal(attempt, (await RowsForPatientAsync(app, lostPatient)).Single(r => r.Channel == "email").Attempts);
            app.Factory.Clock.Advance(wait);
        }
        Assert.Equal([30, 60, 120, 240], waits.Take(4).Select(w => (int)w.TotalSeconds));
        await DeliverAsync(app);
        Assert.Equal(5, (await RowsForPatientAsync(app, lostPatient)).Single(r => r.Channel == "email").Attempts);

        // A second reminder fails twice, then the server is back: it is delivered on its next attempt.
        var (patientId, email, _, _) = await PatientWithAppointmentAsync(app, TimeSpan.FromHours(22));
        await RunRemindersAsync(app);
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            await DeliverAsync(app);
            app.Factory.Clock.Advance(TimeSpan.FromMinutes(5));
        }
        var webPort = NodePeer.FreeTcpPort();
        using var web = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webPort}") };
        NodePeer.Start("maildev", $"--ip 127.0.0.1 --web-ip 127.0.0.1 -s {app.SmtpPort} -w {webPort} --silent", () => NodePeer.Listening(webPort));
        await DeliverAsync(app);
        var delivered = (await RowsForPatientAsync(app, patientId)).Single(r => r.Channel == "email");
        Assert.Equal(("sent", 3), (delivered.Status, delivered.Attempts));
        var received = JsonDocument.Parse(await web.GetStringAsync("/api/email")).RootElement;
        Assert.Single(received.EnumerateArray(), m => m.GetProperty("to")[0].GetProperty("address").GetString() == email);
    }
}
