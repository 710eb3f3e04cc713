using System.Net;
using System.Text.Json;
using KeneyApp.Features.Notifications;
using KeneyApp.IntegrationTests.Infrastructure;
using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KeneyApp.IntegrationTests.Features.Notifications;

/// <summary>What the notification tests share: a fresh patient with an appointment, the job run, a delivery pass, the rows.</summary>
public static class Notifications
{
    public static async Task<(int PatientId, string Email, int AppointmentId, DateTime At)> PatientWithAppointmentAsync(
        AppFixture app, TimeSpan inFuture, string language = "fr", string reason = "Suivi du diabète", string phone = "+33601020304")
    {
        var email = $"rappel{Guid.NewGuid():N}@patients.example";
        using var admin = await app.ClientFor(DemoUsers.Admin);
        var patient = await (await admin.PostJson("/api/v1/patients", new
        {
            first_name = "Rappel",
            last_name = "Patient" + Guid.NewGuid().ToString("N")[..6],
            date_of_birth = "1980-05-05",
            gender = "other",
            email,
            phone,
            preferred_language = language,
        })).AssertOk(HttpStatusCode.Created);
        var (appointmentId, at) = await AppointmentAsync(app, patient.GetProperty("id").GetInt32(), inFuture, reason);
        return (patient.GetProperty("id").GetInt32(), email, appointmentId, at);
    }

    /// <summary>Books an appointment for the patient with a doctor of its own (no slot conflicts between tests).</summary>
    public static async Task<(int Id, DateTime At)> AppointmentAsync(AppFixture app, int patientId, TimeSpan inFuture, string reason = "Consultation")
    {
        using var admin = await app.ClientFor(DemoUsers.Admin);
        var doctorId = await StaffAccounts.IdOf(app, await StaffAccounts.CreateAsync(app, "doctor"));
        var at = Minute(AppNow(app) + inFuture);
        var appointment = await (await admin.PostJson("/api/v1/appointments", new
        {
            patient_id = patientId,
            doctor_id = doctorId,
            appointment_date = at.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            duration_minutes = 30,
            reason,
        })).AssertOk(HttpStatusCode.Created);
        return (appointment.GetProperty("id").GetInt32(), at);
    }

    public static async Task<int> RunRemindersAsync(AppFixture app, string admin = DemoUsers.Admin)
    {
        using var client = await app.ClientFor(admin);
        var answer = await (await client.PostAsync("/api/v1/notifications/jobs/appointment-reminders/run", null)).AssertOk();
        Assert.Equal("appointment-reminders", answer.GetProperty("job").GetString());
        return answer.GetProperty("queued").GetInt32();
    }

    /// <summary>One delivery pass, as the background sweep runs it.</summary>
    public static Task<int> DeliverAsync(AppFixture app) => app.Factory.Services.GetRequiredService<DeliverNotifications>().RunOnceAsync(default);

    public static Task<List<Notification>> RowsForPatientAsync(AppFixture app, int patientId) => app.Db(null, db =>
        db.Set<Notification>().IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking().Where(n => n.RecipientPatientId == patientId)
            .OrderBy(n => n.Id).ToListAsync());

    public static Task<List<Notification>> RowsForUserAsync(AppFixture app, int userId) => app.Db(null, db =>
        db.Set<Notification>().IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking().Where(n => n.RecipientUserId == userId)
            .OrderBy(n => n.Id).ToListAsync());

    public static string Text(JsonElement mail) => mail.GetProperty("text").GetString() ?? "";

    /// <summary>The app's own time: the fixture's fake clock, or the real one for a browser's app.</summary>
    public static DateTime AppNow(AppFixture app) => app.Factory.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;

    /// <summary>A mobile number no other test uses (SMS are matched by number).</summary>
    public static string NewPhone() => "+336" + Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static DateTime Minute(DateTime t) => new(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, DateTimeKind.Utc);
}
