using System.Net;
using System.Net.Http.Json;
using KeneyApp.IntegrationTests.Features.Documents;
using KeneyApp.IntegrationTests.Infrastructure;
using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;
using static KeneyApp.IntegrationTests.Features.Notifications.Notifications;

namespace KeneyApp.IntegrationTests.Features.Notifications;

/// <summary>
/// A lab result reaches the patient when a doctor releases it (the default) or at upload (the clinic's setting):
/// until then the patient does not see it anywhere, and at release the patient is told once, by a notice naming
/// nothing of the result; a doctor or a nurse may tell again.
/// </summary>
public abstract class LabResultReleaseTests(AppFixture app)
{
    private static readonly int[] TwoLeadTimes = [48, 2];
    private static readonly int[] DefaultLeadTime = [24];

    private async Task<(int Id, string Name)> UploadLabResultAsync(string staff)
    {
        var jean = await Clinic.PatientIdAsync(app, "Dupont");
        var name = $"glycemie-{Guid.NewGuid():N}.pdf";
        using var client = await app.ClientFor(staff);
        var created = await (await DocumentTests.UploadAsync(client, jean, "lab_result", TestFiles.Pdf("Glycémie " + name), name, "application/pdf",
            ("description", "HbA1c élevée"))).AssertOk(HttpStatusCode.Created);
        return (created.GetProperty("id").GetInt32(), name);
    }

    private Task<List<KeneyApp.Domain.Notification>> NoticesAsync(int documentId) => app.Db(null, db =>
        db.Set<KeneyApp.Domain.Notification>().IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking()
            .Where(n => n.Type == "lab_result_available" && n.SubjectId == documentId).OrderBy(n => n.Id).ToListAsync());

    [Fact]
    public async Task A_result_uploaded_by_a_nurse_stays_out_of_the_portal_until_a_doctor_releases_it_and_the_patient_is_told_once()
    {
        var (id, name) = await UploadLabResultAsync(DemoUsers.Nurse);
        using var jean = await app.ClientFor(DemoUsers.JeanDupont);
        var jeanId = await Clinic.PatientIdAsync(app, "Dupont");
        async Task<bool> JeanSeesItAsync() =>
            (await (await jean.GetAsync($"/api/v1/documents/patient/{jeanId}?limit=100")).AssertOk()).EnumerateArray().Any(d => d.GetProperty("id").GetInt32() == id);

        Assert.False(await JeanSeesItAsync());
        await (await jean.GetAsync($"/api/v1/documents/{id}")).AssertProblem(HttpStatusCode.NotFound);
        await (await jean.GetAsync($"/api/v1/documents/{id}/download")).AssertProblem(HttpStatusCode.NotFound);
        // Nor can a doctor hand it to him in a message.
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var jeanUser = await Clinic.UserIdAsync(app, DemoUsers.JeanDupont);
        await (await doctor.PostJson("/api/v1/messages", new { receiver_id = jeanUser, content = "Voici", attachment_ids = new[] { id } }))
            .AssertProblem(HttpStatusCode.BadRequest);
        await DeliverAsync(app);
        Assert.Empty(await NoticesAsync(id));

        // Who may release: doctors only; who may tell again: doctors and nurses.
        using var nurse = await app.ClientFor(DemoUsers.Nurse);
        using var reception = await app.ClientFor(DemoUsers.Reception);
        await (await nurse.PostAsync($"/api/v1/documents/{id}/release", null)).AssertProblem(HttpStatusCode.Forbidden);
        await (await jean.PostAsync($"/api/v1/documents/{id}/release", null)).AssertProblem(HttpStatusCode.Forbidden);
        await (await nurse.PostAsync($"/api/v1/documents/{id}/notify", null)).AssertProblem(HttpStatusCode.Conflict); // not released yet

        var released = await (await doctor.PostAsync($"/api/v1/documents/{id}/release", null)).AssertOk();
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, released.GetProperty("released_at").ValueKind);
        await (await doctor.PostAsync($"/api/v1/documents/{id}/release", null)).AssertProblem(HttpStatusCode.Conflict);
        Assert.True(await JeanSeesItAsync());
        await DeliverAsync(app);
        await DeliverAsync(app);
        var notices = await NoticesAsync(id);
        Assert.Equal([("email", "sent"), ("sms", "skipped")], notices.Select(n => (n.Channel, n.Status)));

        var mails = await MailDev.Shared.MessagesToAsync(DemoUsers.JeanDupont);
        Assert.Contains(mails, m => m.GetProperty("subject").GetString() == "Un nouveau résultat vous attend dans KeneyApp");
        Assert.All(mails, m => Assert.DoesNotContain(name, Text(m) + m.GetProperty("html").GetString() + m.GetProperty("subject").GetString(), StringComparison.Ordinal));
        Assert.All(mails, m => Assert.DoesNotContain("HbA1c", Text(m) + m.GetProperty("html").GetString(), StringComparison.Ordinal));

        await (await reception.PostAsync($"/api/v1/documents/{id}/notify", null)).AssertProblem(HttpStatusCode.Forbidden);
        await (await nurse.PostAsync($"/api/v1/documents/{id}/notify", null)).AssertOk(HttpStatusCode.Accepted);
        await DeliverAsync(app);
        Assert.Equal(2, (await NoticesAsync(id)).Count(n => n.Channel == "email" && n.Status == "sent"));
    }

    [Fact]
    public async Task A_clinic_that_releases_at_upload_shows_the_result_at_once_and_tells_the_patient()
    {
        using var admin = await app.ClientFor(DemoUsers.Admin);
        await (await admin.PatchAsJsonAsync("/api/v1/clinic", new { notifications = new { lab_results_released_at_upload = true } })).AssertOk();
        try
        {
            var (id, _) = await UploadLabResultAsync(DemoUsers.Nurse);
            using var jean = await app.ClientFor(DemoUsers.JeanDupont);
            await (await jean.GetAsync($"/api/v1/documents/{id}")).AssertOk();
            await DeliverAsync(app);
            Assert.Contains(await NoticesAsync(id), n => n.Channel == "email" && n.Status == "sent");
        }
        finally
        {
            await (await admin.PatchAsJsonAsync("/api/v1/clinic", new { notifications = new { lab_results_released_at_upload = false } })).AssertOk();
        }
        var settings = (await (await admin.GetAsync("/api/v1/clinic")).AssertOk()).GetProperty("notifications");
        Assert.False(settings.GetProperty("lab_results_released_at_upload").GetBoolean());
        Assert.Equal([24], settings.GetProperty("appointment_reminder_lead_hours").EnumerateArray().Select(h => h.GetInt32()));
    }

    [Theory]
    [InlineData("""{"notifications": {"appointment_reminder_lead_hours": []}}""", "notifications.appointment_reminder_lead_hours")]
    [InlineData("""{"notifications": {"appointment_reminder_lead_hours": [24, 24]}}""", "notifications.appointment_reminder_lead_hours")]
    [InlineData("""{"notifications": {"prescription_renewal_lead_days": 0}}""", "notifications.prescription_renewal_lead_days")]
    [InlineData("""{"notifications": {"urgent_message_escalation_minutes": 1}}""", "notifications.urgent_message_escalation_minutes")]
    [InlineData("""{"notifications": {"reminders": true}}""", "reminders")]
    public async Task Bad_notification_settings_are_refused_naming_the_field(string body, string field)
    {
        using var admin = await app.ClientFor(DemoUsers.Admin);
        var problem = await (await admin.PatchAsync("/api/v1/clinic", new StringContent(body, System.Text.Encoding.UTF8, "application/json")))
            .AssertProblem(HttpStatusCode.BadRequest);
        Assert.Contains(problem.GetProperty("errors").EnumerateObject(), e => e.Name.Contains(field, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Lead_times_set_by_the_admin_plan_each_reminder_once_at_the_shortest_lead_that_came()
    {
        using var admin = await app.ClientFor(DemoUsers.Admin);
        await (await admin.PatchAsJsonAsync("/api/v1/clinic", new { notifications = new { appointment_reminder_lead_hours = TwoLeadTimes } })).AssertOk();
        try
        {
            var (patientId, _, _, _) = await PatientWithAppointmentAsync(app, TimeSpan.FromHours(30));
            await RunRemindersAsync(app);
            Assert.Equal(2, (await RowsForPatientAsync(app, patientId)).Count); // the 48-hour reminder
            app.Factory.Clock.Advance(TimeSpan.FromHours(27));
            await RunRemindersAsync(app);
            Assert.Equal(2, (await RowsForPatientAsync(app, patientId)).Count); // three hours before: nothing new
            app.Factory.Clock.Advance(TimeSpan.FromHours(1.5));
            await RunRemindersAsync(app);
            await RunRemindersAsync(app);
            var rows = await RowsForPatientAsync(app, patientId);
            Assert.Equal(4, rows.Count); // and the 2-hour one, once
            Assert.Equal(2, rows.Count(r => r.IdempotencyKey.Contains(":2h:", StringComparison.Ordinal)));
        }
        finally
        {
            using var later = await app.ClientFor(DemoUsers.Admin); // the clock moved past the first token
            await (await later.PatchAsJsonAsync("/api/v1/clinic", new { notifications = new { appointment_reminder_lead_hours = DefaultLeadTime } })).AssertOk();
        }
    }
}

public sealed class LabResultReleaseTestsOnSqlite(SqliteAppWithSmtpAndManualDelivery app) : LabResultReleaseTests(app), IClassFixture<SqliteAppWithSmtpAndManualDelivery>;

public sealed class LabResultReleaseTestsOnPostgres(PostgresAppWithSmtpAndManualDelivery app) : LabResultReleaseTests(app), IClassFixture<PostgresAppWithSmtpAndManualDelivery>;
