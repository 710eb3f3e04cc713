using System.Net;
using KeneyApp.IntegrationTests.Infrastructure;

namespace KeneyApp.IntegrationTests.Features;

/// <summary>
/// "Today" is the clinic's date (Clinique Démo is in Europe/Paris): at 23:30 UTC on 24 November it is already the
/// 25th there. Period filters read bare dates as the clinic's days and refuse instants without an offset.
/// The fixture's clock is moved to that late hour, so the class has a fixture of its own.
/// </summary>
public abstract class ClinicTimeTests(AppFixture app)
{
    private void LateEvening() => app.Factory.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 24, 23, 30, 0, TimeSpan.Zero));

    [Fact]
    public async Task Prescriptions_vaccinations_and_birth_dates_use_the_clinics_date()
    {
        LateEvening();
        var patient = (await Clinic.NewPatientAsync(app)).GetProperty("id").GetInt32();
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var rx = await (await doctor.PostJson("/api/v1/prescriptions",
            new { patient_id = patient, medication_name = "Paracétamol", dosage = "1 g", frequency = "3/j", duration_days = 1 })).AssertOk(HttpStatusCode.Created);
        Assert.Equal("2026-11-25", rx.GetProperty("start_date").GetString());
        Assert.Equal("active", rx.GetProperty("status").GetString());

        using var nurse = await app.ClientFor(DemoUsers.Nurse);
        await (await nurse.PostJson("/api/v1/vaccinations", new { patient_id = patient, vaccine_code = "FLU", administered_on = "2026-11-25" }))
            .AssertOk(HttpStatusCode.Created);
        await (await nurse.PostJson("/api/v1/vaccinations", new { patient_id = patient, vaccine_code = "FLU", administered_on = "2026-11-26" }))
            .AssertProblem(HttpStatusCode.BadRequest);
        await (await doctor.PostJson("/api/v1/patients", new { first_name = "Né", last_name = "Ce Soir", date_of_birth = "2026-11-25", gender = "female" }))
            .AssertOk(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_bare_date_is_the_clinics_day_and_an_instant_needs_its_offset()
    {
        LateEvening();
        var patient = (await Clinic.NewPatientAsync(app)).GetProperty("id").GetInt32();
        var martin = await Clinic.UserIdAsync(app, DemoUsers.DrMartin);
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        async Task<int> BookAsync(string at) => (await (await doctor.PostJson("/api/v1/appointments",
            new { patient_id = patient, doctor_id = martin, appointment_date = at, duration_minutes = 15 })).AssertOk(HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var lateOn24th = await BookAsync("2026-12-14T22:30:00Z");   // 23:30 in Paris, the 14th
        var earlyOn15th = await BookAsync("2026-12-14T23:30:00Z");  // 00:30 in Paris, the 15th

        var day = await (await doctor.GetAsync($"/api/v1/appointments?patient_id={patient}&from=2026-12-15&to=2026-12-15")).AssertOk();
        Assert.Equal([earlyOn15th], day.EnumerateArray().Select(a => a.GetProperty("id").GetInt32()));
        var withOffset = await (await doctor.GetAsync($"/api/v1/appointments?patient_id={patient}&from=2026-12-14T23:00:00%2B01:00&to=2026-12-14T23:00:00Z")).AssertOk();
        Assert.Equal([lateOn24th], withOffset.EnumerateArray().Select(a => a.GetProperty("id").GetInt32()));

        var refused = await (await doctor.GetAsync("/api/v1/appointments?from=2026-12-15T09:00:00")).AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(refused.GetProperty("errors").TryGetProperty("from", out _));
        await (await doctor.PostJson("/api/v1/appointments", new { patient_id = patient, doctor_id = martin, appointment_date = "2026-12-16T09:00:00" }))
            .AssertProblem(HttpStatusCode.BadRequest);

        using var admin = await app.ClientFor(DemoUsers.Admin);
        var audited = await (await admin.GetAsync("/api/v1/audit?from=2026-11-25&action=create&resource_type=appointment")).AssertOk();
        Assert.Contains(audited.EnumerateArray(), e => e.GetProperty("resource_id").GetString() == earlyOn15th.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var before = await (await admin.GetAsync("/api/v1/audit?to=2026-11-24&action=create&resource_type=appointment")).AssertOk();
        Assert.DoesNotContain(before.EnumerateArray(), e => e.GetProperty("resource_id").GetString() == earlyOn15th.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await (await admin.GetAsync("/api/v1/audit?from=2026-11-25T00:00:00")).AssertProblem(HttpStatusCode.BadRequest);
    }
}

public sealed class ClinicTimeTestsOnSqlite(SqliteApp app) : ClinicTimeTests(app), IClassFixture<SqliteApp>;

public sealed class ClinicTimeTestsOnPostgres(PostgresApp app) : ClinicTimeTests(app), IClassFixture<PostgresApp>;
