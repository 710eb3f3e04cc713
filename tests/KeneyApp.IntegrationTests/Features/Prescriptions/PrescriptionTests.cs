using System.Globalization;
using System.Net;
using KeneyApp.IntegrationTests.Infrastructure;

namespace KeneyApp.IntegrationTests.Features.Prescriptions;

public abstract class PrescriptionTests(AppFixture app)
{
    private DateOnly Today => DateOnly.FromDateTime(app.Factory.Clock.GetUtcNow().UtcDateTime);

    private static object Rx(int patientId, int days = 10, string? start = null) => new
    {
        patient_id = patientId,
        medication_name = "Amoxicilline 1 g",
        atc_code = "J01CA04",
        dosage = "1 gélule",
        frequency = "3 fois par jour",
        duration_days = days,
        start_date = start,
        refills = 1,
        instructions = "Pendant les repas",
    };

    [Theory]
    [InlineData(DemoUsers.DrMartin, HttpStatusCode.Created)]
    [InlineData(DemoUsers.Admin, HttpStatusCode.Forbidden)]
    [InlineData(DemoUsers.Nurse, HttpStatusCode.Forbidden)]
    [InlineData(DemoUsers.Reception, HttpStatusCode.Forbidden)]
    [InlineData(DemoUsers.JeanDupont, HttpStatusCode.Forbidden)]
    public async Task Only_doctors_prescribe(string email, HttpStatusCode expected)
    {
        var patient = (await Clinic.NewPatientAsync(app)).GetProperty("id").GetInt32();
        using var client = await app.ClientFor(email);
        Assert.Equal(expected, (await client.PostJson("/api/v1/prescriptions", Rx(patient))).StatusCode);
    }

    [Theory]
    [InlineData(DemoUsers.Admin, HttpStatusCode.OK)]
    [InlineData(DemoUsers.DrLeroy, HttpStatusCode.OK)]
    [InlineData(DemoUsers.Nurse, HttpStatusCode.OK)]
    [InlineData(DemoUsers.Reception, HttpStatusCode.Forbidden)]
    [InlineData(DemoUsers.Root, HttpStatusCode.Forbidden)]
    public async Task Reading_follows_the_role_table(string email, HttpStatusCode expected)
    {
        var jean = await Clinic.PatientIdAsync(app, "Dupont");
        using var client = await app.ClientFor(email);
        Assert.Equal(expected, (await client.GetAsync("/api/v1/prescriptions")).StatusCode);
        Assert.Equal(expected, (await client.GetAsync($"/api/v1/prescriptions/patient/{jean}")).StatusCode);
    }

    [Fact]
    public async Task The_prescriber_is_the_caller_and_the_end_date_is_computed()
    {
        var patient = (await Clinic.NewPatientAsync(app)).GetProperty("id").GetInt32();
        var leroy = await Clinic.UserIdAsync(app, DemoUsers.DrLeroy);
        var martin = await Clinic.UserIdAsync(app, DemoUsers.DrMartin);
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var start = Today.AddDays(2);
        // Naming another prescriber is refused by name, and writes nothing.
        var forged = await (await doctor.PostJson("/api/v1/prescriptions", new { patient_id = patient, medication_name = "X", dosage = "1", frequency = "1", duration_days = 1, doctor_id = leroy }))
            .AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(forged.GetProperty("errors").TryGetProperty("doctor_id", out _));
        Assert.Equal(0, (await (await doctor.GetAsync($"/api/v1/prescriptions/patient/{patient}")).AssertOk()).GetArrayLength());
        var created = await (await doctor.PostJson("/api/v1/prescriptions", Rx(patient, 10, start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))))
            .AssertOk(HttpStatusCode.Created);
        Assert.Equal(martin, created.GetProperty("doctor_id").GetInt32());
        Assert.Equal(start.AddDays(9).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), created.GetProperty("end_date").GetString());
        Assert.Equal("active", created.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Status_follows_the_clock_and_cancellation_keeps_the_record()
    {
        var patient = (await Clinic.NewPatientAsync(app)).GetProperty("id").GetInt32();
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var past = Today.AddDays(-20).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var expired = await (await doctor.PostJson("/api/v1/prescriptions", Rx(patient, 5, past))).AssertOk(HttpStatusCode.Created);
        Assert.Equal("expired", expired.GetProperty("status").GetString());
        var active = await (await doctor.PostJson("/api/v1/prescriptions", Rx(patient, 30))).AssertOk(HttpStatusCode.Created);
        var id = active.GetProperty("id").GetInt32();
        await (await doctor.DeleteAsync($"/api/v1/prescriptions/{id}")).AssertOk(HttpStatusCode.NoContent);
        var cancelled = await (await doctor.GetAsync($"/api/v1/prescriptions/{id}")).AssertOk();
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        var onlyCancelled = await (await doctor.GetAsync($"/api/v1/prescriptions/patient/{patient}?status=cancelled")).AssertOk();
        Assert.Equal(id, onlyCancelled.EnumerateArray().Single().GetProperty("id").GetInt32());
        var onlyExpired = await (await doctor.GetAsync($"/api/v1/prescriptions?patient_id={patient}&status=expired")).AssertOk();
        Assert.Equal(expired.GetProperty("id").GetInt32(), onlyExpired.EnumerateArray().Single().GetProperty("id").GetInt32());
        await (await doctor.GetAsync("/api/v1/prescriptions?status=whatever")).AssertProblem(HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await doctor.PutAsync($"/api/v1/prescriptions/{id}", JsonContent())).StatusCode);
    }

    [Fact]
    public async Task Bad_input_and_foreign_patients_are_refused()
    {
        var paul = await Clinic.PatientIdAsync(app, "Durand", DemoUsers.Admin2);
        var own = (await Clinic.NewPatientAsync(app)).GetProperty("id").GetInt32();
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        await (await doctor.PostJson("/api/v1/prescriptions", Rx(paul))).AssertProblem(HttpStatusCode.NotFound);
        var invalid = await (await doctor.PostJson("/api/v1/prescriptions", new { patient_id = own, medication_name = "", atc_code = "J01-CA", duration_days = 0 }))
            .AssertProblem(HttpStatusCode.BadRequest);
        foreach (var field in new[] { "medication_name", "atc_code", "duration_days", "dosage", "frequency" })
        {
            Assert.True(invalid.GetProperty("errors").TryGetProperty(field, out _), field);
        }
        await (await doctor.PostJson("/api/v1/prescriptions", Rx(own, 30, "9999-12-31"))).AssertProblem(HttpStatusCode.BadRequest);
        using var petit = await app.ClientFor(DemoUsers.DrPetit);
        await (await petit.GetAsync($"/api/v1/prescriptions/patient/{own}")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_patient_reads_its_own_prescriptions_only()
    {
        var jean = await Clinic.PatientIdAsync(app, "Dupont");
        var claire = await Clinic.PatientIdAsync(app, "Moreau");
        using var patient = await app.ClientFor(DemoUsers.JeanDupont);
        var own = await (await patient.GetAsync($"/api/v1/prescriptions/patient/{jean}")).AssertOk();
        Assert.Contains(own.EnumerateArray(), p => p.GetProperty("end_date").GetString() == Today.AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await (await patient.GetAsync($"/api/v1/prescriptions/patient/{claire}")).AssertProblem(HttpStatusCode.NotFound);
        var all = await (await patient.GetAsync("/api/v1/prescriptions")).AssertOk();
        Assert.All(all.EnumerateArray(), p => Assert.Equal(jean, p.GetProperty("patient_id").GetInt32()));
    }

    private static StringContent JsonContent() => new("{}", System.Text.Encoding.UTF8, "application/json");
}

public sealed class PrescriptionTestsOnSqlite(SqliteApp app) : PrescriptionTests(app), IClassFixture<SqliteApp>;

public sealed class PrescriptionTestsOnPostgres(PostgresApp app) : PrescriptionTests(app), IClassFixture<PostgresApp>;
