using System.Net;
using System.Net.Http.Json;
using KeneyApp.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static KeneyApp.IntegrationTests.Features.Notifications.Notifications;

namespace KeneyApp.IntegrationTests.Features.Notifications;

/// <summary>
/// The daily jobs: a prescription's end comes within the clinic's renewal delay, a vaccine dose within the
/// catalogue's lead time. Each is told once per date, at 09:00 in the clinic's zone (an admin may run it now), never
/// naming the medication or the vaccine; a cancelled prescription or a dose recorded since cancels the notice.
/// </summary>
public abstract class DailyReminderTests(AppFixture app)
{
    /// <summary>The job as its schedule runs it (not "run now").</summary>
    private async Task ScheduledRunAsync()
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<KeneyApp.Features.Notifications.PlanPrescriptionRenewals>().RunAsync(null, runNow: false, default);
    }

    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(app.Factory.Clock.GetUtcNow().UtcDateTime, Paris));

    private async Task<int> RunAsync(string job)
    {
        using var admin = await app.ClientFor(DemoUsers.Admin);
        return (await (await admin.PostAsync($"/api/v1/notifications/jobs/{job}/run", null)).AssertOk()).GetProperty("queued").GetInt32();
    }

    private async Task<(int PatientId, string Email)> PatientAsync()
    {
        var email = $"daily{Guid.NewGuid():N}@patients.example";
        var patient = await Clinic.NewPatientAsync(app, DemoUsers.DrMartin, email);
        return (patient.GetProperty("id").GetInt32(), email);
    }

    private async Task<int> PrescribeAsync(int patientId, int days)
    {
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        return (await (await doctor.PostJson("/api/v1/prescriptions", new
        {
            patient_id = patientId,
            medication_name = "Metformine 850 mg",
            dosage = "1 comprimé",
            frequency = "2 fois par jour",
            duration_days = days,
            start_date = Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        })).AssertOk(HttpStatusCode.Created)).GetProperty("id").GetInt32();
    }

    [Fact]
    public async Task A_prescription_ending_within_seven_days_is_told_once_without_its_medication_and_a_cancelled_one_is_not()
    {
        var (patientId, email) = await PatientAsync();
        var (cancelledPatient, cancelledEmail) = await PatientAsync();
        await PrescribeAsync(patientId, days: 5);
        var longOne = await PrescribeAsync(patientId, days: 60);
        var cancelled = await PrescribeAsync(cancelledPatient, days: 3);

        Assert.True(await RunAsync("prescription-renewals") >= 4);
        await RunAsync("prescription-renewals");
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        await (await doctor.DeleteAsync($"/api/v1/prescriptions/{cancelled}")).AssertOk(HttpStatusCode.NoContent);
        await DeliverAsync(app);

        var rows = await RowsForPatientAsync(app, patientId);
        Assert.Equal(2, rows.Count);
        Assert.DoesNotContain(rows, r => r.SubjectId == longOne);
        var mail = Assert.Single(await MailDev.Shared.MessagesToAsync(email));
        Assert.Equal("Votre ordonnance arrive à échéance", mail.GetProperty("subject").GetString());
        Assert.Contains(Today.AddDays(4).ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("fr-FR")), Text(mail), StringComparison.Ordinal);
        Assert.DoesNotContain("Metformine", Text(mail) + mail.GetProperty("html").GetString(), StringComparison.Ordinal);
        Assert.All(await RowsForPatientAsync(app, cancelledPatient), r => Assert.Equal("cancelled", r.Status));
        Assert.Empty(await MailDev.Shared.MessagesToAsync(cancelledEmail, atLeast: 0));
    }

    [Fact]
    public async Task A_vaccine_dose_is_told_at_the_catalogues_lead_time_and_not_once_the_dose_is_recorded()
    {
        using var admin = await app.ClientFor(DemoUsers.Admin);
        var code = "T" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        await (await admin.PutAsJsonAsync($"/api/v1/vaccinations/catalogue/{code}", new { name = "Vaccin de test", booster_interval_days = 365, reminder_lead_days = 10 }))
            .AssertOk();
        var (soonPatient, soonEmail) = await PatientAsync();
        var (laterPatient, _) = await PatientAsync();
        var (doneePatient, doneeEmail) = await PatientAsync();
        using var nurse = await app.ClientFor(DemoUsers.Nurse);
        async Task RecordAsync(int patient, int dueInDays, DateOnly? administered = null) =>
            await (await nurse.PostJson("/api/v1/vaccinations", new
            {
                patient_id = patient,
                vaccine_code = code,
                dose_number = 1,
                administered_on = (administered ?? Today.AddDays(-300)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                next_due_on = Today.AddDays(dueInDays).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            })).AssertOk(HttpStatusCode.Created);
        await RecordAsync(soonPatient, dueInDays: 8);
        await RecordAsync(laterPatient, dueInDays: 25);
        await RecordAsync(doneePatient, dueInDays: 5);

        await RunAsync("vaccination-reminders");
        Assert.Equal(2, (await RowsForPatientAsync(app, soonPatient)).Count);
        Assert.Empty(await RowsForPatientAsync(app, laterPatient));
        // The second dose is given before the notice goes: the notice is cancelled.
        await RecordAsync(doneePatient, dueInDays: 365, administered: Today);
        await DeliverAsync(app);

        var mail = Assert.Single(await MailDev.Shared.MessagesToAsync(soonEmail));
        Assert.Equal("Une vaccination est à prévoir", mail.GetProperty("subject").GetString());
        Assert.DoesNotContain("Vaccin de test", Text(mail) + mail.GetProperty("html").GetString(), StringComparison.Ordinal);
        Assert.All(await RowsForPatientAsync(app, doneePatient), r => Assert.Equal("cancelled", r.Status));
        Assert.Empty(await MailDev.Shared.MessagesToAsync(doneeEmail, atLeast: 0));
    }

    [Fact]
    public async Task The_scheduled_run_waits_for_nine_in_the_clinics_zone()
    {
        var (patientId, _) = await PatientAsync();
        await PrescribeAsync(patientId, days: 2);
        // Move to 08:50 in Paris: the scheduled run plans nothing yet; at 09:00 it does.
        var now = app.Factory.Clock.GetUtcNow().UtcDateTime;
        var local = TimeZoneInfo.ConvertTimeFromUtc(now, Paris);
        var target = local.Date.AddHours(8).AddMinutes(50);
        if (target <= local)
        {
            target = target.AddDays(1);
        }
        app.Factory.Clock.Advance(TimeZoneInfo.ConvertTimeToUtc(target, Paris) - now);
        await ScheduledRunAsync();
        Assert.Empty(await RowsForPatientAsync(app, patientId));
        app.Factory.Clock.Advance(TimeSpan.FromMinutes(10));
        await ScheduledRunAsync();
        Assert.Equal(2, (await RowsForPatientAsync(app, patientId)).Count);
    }
}

public sealed class DailyReminderTestsOnSqlite(SqliteAppWithSmtpAndManualDelivery app) : DailyReminderTests(app), IClassFixture<SqliteAppWithSmtpAndManualDelivery>;

public sealed class DailyReminderTestsOnPostgres(PostgresAppWithSmtpAndManualDelivery app) : DailyReminderTests(app), IClassFixture<PostgresAppWithSmtpAndManualDelivery>;
