using System.Net;
using System.Net.Http.Json;
using KeneyApp.IntegrationTests.Infrastructure;

namespace KeneyApp.IntegrationTests.Features.Appointments;

public abstract class AppointmentTests(AppFixture app)
{
    private DateTime Day(int days, int hour) => app.Factory.Clock.GetUtcNow().UtcDateTime.Date.AddDays(days).AddHours(hour);

    private static object Booking(int patientId, int doctorId, DateTime at, int minutes = 30) => new
    {
        patient_id = patientId,
        doctor_id = doctorId,
        appointment_date = at.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        duration_minutes = minutes,
        reason = "Consultation",
        status = "completed",
    };

    [Theory]
    [InlineData(DemoUsers.Admin, HttpStatusCode.Created, 41)]
    [InlineData(DemoUsers.DrMartin, HttpStatusCode.Created, 42)]
    [InlineData(DemoUsers.Reception, HttpStatusCode.Created, 43)]
    [InlineData(DemoUsers.Nurse, HttpStatusCode.Forbidden, 44)]
    [InlineData(DemoUsers.JeanDupont, HttpStatusCode.Forbidden, 45)]
    [InlineData(DemoUsers.Root, HttpStatusCode.Forbidden, 46)]
    public async Task Booking_follows_the_role_table_and_starts_scheduled(string email, HttpStatusCode expected, int day)
    {
        var patient = (await Clinic.NewPatientAsync(app)).GetProperty("id").GetInt32();
        var leroy = await Clinic.UserIdAsync(app, DemoUsers.DrLeroy);
        using var client = await app.ClientFor(email);
        var response = await client.PostJson("/api/v1/appointments", Booking(patient, leroy, Day(day, 7)));
        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Created)
        {
            var booked = await response.AssertOk(HttpStatusCode.Created);
            Assert.Equal("scheduled", booked.GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task A_doctor_cannot_be_double_booked()
    {
        var p1 = (await Clinic.NewPatientAsync(app)).GetProperty("id").GetInt32();
        var p2 = (await Clinic.NewPatientAsync(app)).GetProperty("id").GetInt32();
        var martin = await Clinic.UserIdAsync(app, DemoUsers.DrMartin);
        using var reception = await app.ClientFor(DemoUsers.Reception);
        var first = await (await reception.PostJson("/api/v1/appointments", Booking(p1, martin, Day(30, 14), 30))).AssertOk(HttpStatusCode.Created);
        var clash = await (await reception.PostJson("/api/v1/appointments", Booking(p2, martin, Day(30, 14).AddMinutes(15)))).AssertProblem(HttpStatusCode.Conflict);
        Assert.Equal(first.GetProperty("id").GetInt32(), clash.GetProperty("conflicting_appointment_id").GetInt32());
        Assert.Contains("already has an appointment", clash.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await (await reception.PostJson("/api/v1/appointments", Booking(p2, martin, Day(30, 14).AddMinutes(30)))).AssertOk(HttpStatusCode.Created);

        await (await reception.DeleteAsync($"/api/v1/appointments/{first.GetProperty("id").GetInt32()}")).AssertOk(HttpStatusCode.NoContent);
        var rebooked = await (await reception.PostJson("/api/v1/appointments", Booking(p2, martin, Day(30, 14)))).AssertOk(HttpStatusCode.Created);
        var moved = await reception.PutAsJsonAsync($"/api/v1/appointments/{rebooked.GetProperty("id").GetInt32()}", new { appointment_date = Day(30, 14).AddMinutes(20).ToString("O") });
        await moved.AssertProblem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Concurrent_bookings_of_one_slot_give_one_appointment()
    {
        var martin = await Clinic.UserIdAsync(app, DemoUsers.DrMartin);
        var patients = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            patients.Add((await Clinic.NewPatientAsync(app)).GetProperty("id").GetInt32());
        }
        using var reception = await app.ClientFor(DemoUsers.Reception);
        var answers = await Task.WhenAll(patients.Select(p => reception.PostJson("/api/v1/appointments", Booking(p, martin, Day(60, 10)))));
        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.Equal(3, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task Foreign_patients_and_non_doctors_are_not_found()
    {
        var paul = await Clinic.PatientIdAsync(app, "Durand", DemoUsers.Admin2);
        var own = (await Clinic.NewPatientAsync(app)).GetProperty("id").GetInt32();
        var martin = await Clinic.UserIdAsync(app, DemoUsers.DrMartin);
        var nurse = await Clinic.UserIdAsync(app, DemoUsers.Nurse);
        var petit = await Clinic.UserIdAsync(app, DemoUsers.DrPetit);
        using var reception = await app.ClientFor(DemoUsers.Reception);
        await (await reception.PostJson("/api/v1/appointments", Booking(paul, martin, Day(50, 9)))).AssertProblem(HttpStatusCode.NotFound);
        await (await reception.PostJson("/api/v1/appointments", Booking(own, nurse, Day(50, 9)))).AssertProblem(HttpStatusCode.NotFound);
        await (await reception.PostJson("/api/v1/appointments", Booking(own, petit, Day(50, 9)))).AssertProblem(HttpStatusCode.NotFound);
        var booked = await (await reception.PostJson("/api/v1/appointments", Booking(own, martin, Day(50, 11)))).AssertOk(HttpStatusCode.Created);
        using var admin2 = await app.ClientFor(DemoUsers.Admin2);
        await (await admin2.GetAsync($"/api/v1/appointments/{booked.GetProperty("id").GetInt32()}")).AssertProblem(HttpStatusCode.NotFound);
        await (await reception.PutAsJsonAsync($"/api/v1/appointments/{booked.GetProperty("id").GetInt32()}", new { doctor_id = petit })).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_patient_reads_its_own_appointments_only()
    {
        using var jean = await app.ClientFor(DemoUsers.JeanDupont);
        var mine = await (await jean.GetAsync("/api/v1/appointments")).AssertOk();
        var jeanId = await Clinic.PatientIdAsync(app, "Dupont");
        Assert.NotEmpty(mine.EnumerateArray());
        Assert.All(mine.EnumerateArray(), a => Assert.Equal(jeanId, a.GetProperty("patient_id").GetInt32()));
        var claireId = await Clinic.PatientIdAsync(app, "Moreau");
        using var staff = await app.ClientFor(DemoUsers.Nurse);
        var claires = await (await staff.GetAsync($"/api/v1/appointments?patient_id={claireId}")).AssertOk();
        var one = claires.EnumerateArray().First().GetProperty("id").GetInt32();
        await (await jean.GetAsync($"/api/v1/appointments/{one}")).AssertProblem(HttpStatusCode.NotFound);
        await (await staff.GetAsync($"/api/v1/appointments/{one}")).AssertOk();
    }

    [Fact]
    public async Task Lists_filter_by_period_doctor_and_status_and_validate()
    {
        var martin = await Clinic.UserIdAsync(app, DemoUsers.DrMartin);
        using var nurse = await app.ClientFor(DemoUsers.Nurse);
        var from = Day(0, 0).ToString("O");
        var to = Day(7, 0).ToString("O");
        var week = await (await nurse.GetAsync($"/api/v1/appointments?from={from}&to={to}&doctor_id={martin}&status=scheduled")).AssertOk();
        Assert.NotEmpty(week.EnumerateArray());
        Assert.All(week.EnumerateArray(), a =>
        {
            Assert.Equal(martin, a.GetProperty("doctor_id").GetInt32());
            Assert.Equal("scheduled", a.GetProperty("status").GetString());
            Assert.InRange(a.GetProperty("appointment_date").GetDateTime().ToUniversalTime(), Day(0, 0), Day(7, 0));
        });
        await (await nurse.GetAsync("/api/v1/appointments?status=maybe")).AssertProblem(HttpStatusCode.BadRequest);
        using var reception = await app.ClientFor(DemoUsers.Reception);
        var own = (await Clinic.NewPatientAsync(app)).GetProperty("id").GetInt32();
        var noOffset = await reception.PostJson("/api/v1/appointments", new { patient_id = own, doctor_id = martin, appointment_date = "2027-01-10T10:00:00" });
        await noOffset.AssertProblem(HttpStatusCode.BadRequest);
        var tooLong = await reception.PostJson("/api/v1/appointments", Booking(own, martin, Day(70, 9), 600));
        await tooLong.AssertProblem(HttpStatusCode.BadRequest);
        var endOfTime = await reception.PostJson("/api/v1/appointments", new { patient_id = own, doctor_id = martin, appointment_date = "9999-12-31T23:50:00Z", duration_minutes = 30 });
        await endOfTime.AssertProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Status_changes_are_recorded_and_cancelling_keeps_the_appointment()
    {
        var own = (await Clinic.NewPatientAsync(app)).GetProperty("id").GetInt32();
        var leroy = await Clinic.UserIdAsync(app, DemoUsers.DrLeroy);
        using var doctor = await app.ClientFor(DemoUsers.DrLeroy);
        var booked = await (await doctor.PostJson("/api/v1/appointments", Booking(own, leroy, Day(80, 9)))).AssertOk(HttpStatusCode.Created);
        var id = booked.GetProperty("id").GetInt32();
        var done = await (await doctor.PutAsJsonAsync($"/api/v1/appointments/{id}", new { status = "in_progress", notes = "Patient arrivé" })).AssertOk();
        Assert.Equal("in_progress", done.GetProperty("status").GetString());
        await (await doctor.DeleteAsync($"/api/v1/appointments/{id}")).AssertOk(HttpStatusCode.NoContent);
        Assert.Equal("cancelled", (await (await doctor.GetAsync($"/api/v1/appointments/{id}")).AssertOk()).GetProperty("status").GetString());
    }
}

public sealed class AppointmentTestsOnSqlite(SqliteApp app) : AppointmentTests(app), IClassFixture<SqliteApp>;

public sealed class AppointmentTestsOnPostgres(PostgresApp app) : AppointmentTests(app), IClassFixture<PostgresApp>;
