using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using KeneyApp.IntegrationTests.Infrastructure;

namespace KeneyApp.IntegrationTests.Features.Vaccinations;

public abstract class VaccinationTests(AppFixture app)
{
    private string Date(int days) =>
        DateOnly.FromDateTime(app.Factory.Clock.GetUtcNow().UtcDateTime).AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(DemoUsers.Nurse, HttpStatusCode.Created, HttpStatusCode.OK)]
    [InlineData(DemoUsers.DrMartin, HttpStatusCode.Created, HttpStatusCode.OK)]
    [InlineData(DemoUsers.Admin, HttpStatusCode.Forbidden, HttpStatusCode.OK)]
    [InlineData(DemoUsers.Reception, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden)]
    [InlineData(DemoUsers.JeanDupont, HttpStatusCode.Forbidden, HttpStatusCode.OK)]
    public async Task Recording_and_reading_follow_the_role_table(string email, HttpStatusCode record, HttpStatusCode read)
    {
        var patient = (await Clinic.NewPatientAsync(app)).GetProperty("id").GetInt32();
        using var client = await app.ClientFor(email);
        Assert.Equal(record, (await client.PostJson("/api/v1/vaccinations", new { patient_id = patient, vaccine_code = "FLU" })).StatusCode);
        Assert.Equal(read, (await client.GetAsync("/api/v1/vaccinations")).StatusCode);
    }

    [Fact]
    public async Task The_next_due_date_comes_from_the_catalogue_unless_given()
    {
        var patient = (await Clinic.NewPatientAsync(app)).GetProperty("id").GetInt32();
        var nurseId = await Clinic.UserIdAsync(app, DemoUsers.Nurse);
        using var nurse = await app.ClientFor(DemoUsers.Nurse);
        var flu = await (await nurse.PostJson("/api/v1/vaccinations", new { patient_id = patient, vaccine_code = "flu", administered_on = Date(-1), lot_number = "AB123" }))
            .AssertOk(HttpStatusCode.Created);
        Assert.Equal(Date(364), flu.GetProperty("next_due_on").GetString());
        Assert.Equal("Grippe saisonnière", flu.GetProperty("vaccine_name").GetString());
        Assert.Equal(nurseId, flu.GetProperty("administered_by_id").GetInt32());
        var given = await (await nurse.PostJson("/api/v1/vaccinations", new { patient_id = patient, vaccine_code = "DTP", next_due_on = Date(100) })).AssertOk(HttpStatusCode.Created);
        Assert.Equal(Date(100), given.GetProperty("next_due_on").GetString());
        var series = await (await nurse.PostJson("/api/v1/vaccinations", new { patient_id = patient, vaccine_code = "HEPB", dose_number = 2 })).AssertOk(HttpStatusCode.Created);
        Assert.Null(series.GetProperty("next_due_on").GetString());
        var custom = await (await nurse.PostJson("/api/v1/vaccinations", new { patient_id = patient, vaccine_code = "YF", vaccine_name = "Fièvre jaune" })).AssertOk(HttpStatusCode.Created);
        Assert.Null(custom.GetProperty("next_due_on").GetString());
        var problem = await (await nurse.PostJson("/api/v1/vaccinations", new { patient_id = patient, vaccine_code = "XYZ", administered_on = Date(3) })).AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("vaccine_name", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("administered_on", out _));
        var listed = await nurse.GetAsync($"/api/v1/vaccinations/patient/{patient}");
        Assert.Equal("4", listed.Headers.GetValues("X-Total-Count").Single());
    }

    [Fact]
    public async Task Admins_tune_the_catalogue_and_new_doses_follow_it()
    {
        using var admin = await app.ClientFor(DemoUsers.Admin);
        var catalogue = await (await admin.GetAsync("/api/v1/vaccinations/catalogue")).AssertOk();
        Assert.Contains(catalogue.EnumerateArray(), e => e.GetProperty("code").GetString() == "DTP" && e.GetProperty("booster_interval_days").GetInt32() == 7300);
        using var nurse = await app.ClientFor(DemoUsers.Nurse);
        await (await nurse.PutAsJsonAsync("/api/v1/vaccinations/catalogue/COVID19", new { booster_interval_days = 180 })).AssertProblem(HttpStatusCode.Forbidden);
        var changed = await (await admin.PutAsJsonAsync("/api/v1/vaccinations/catalogue/COVID19", new { booster_interval_days = 180, reminder_lead_days = 14 })).AssertOk();
        Assert.Equal(180, changed.GetProperty("booster_interval_days").GetInt32());
        await (await admin.PutAsJsonAsync("/api/v1/vaccinations/catalogue/NEWVAX", new { booster_interval_days = 30 })).AssertProblem(HttpStatusCode.BadRequest);
        var patient = (await Clinic.NewPatientAsync(app)).GetProperty("id").GetInt32();
        var dose = await (await nurse.PostJson("/api/v1/vaccinations", new { patient_id = patient, vaccine_code = "COVID19", administered_on = Date(0) })).AssertOk(HttpStatusCode.Created);
        Assert.Equal(Date(180), dose.GetProperty("next_due_on").GetString());
        using var admin2 = await app.ClientFor(DemoUsers.Admin2);
        var other = await (await admin2.GetAsync("/api/v1/vaccinations/catalogue")).AssertOk();
        Assert.Contains(other.EnumerateArray(), e => e.GetProperty("code").GetString() == "COVID19" && e.GetProperty("booster_interval_days").GetInt32() == 365);
    }

    [Fact]
    public async Task Removing_a_dose_archives_it_and_foreign_ids_are_not_found()
    {
        var patient = (await Clinic.NewPatientAsync(app)).GetProperty("id").GetInt32();
        var paul = await Clinic.PatientIdAsync(app, "Durand", DemoUsers.Admin2);
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        await (await doctor.PostJson("/api/v1/vaccinations", new { patient_id = paul, vaccine_code = "FLU" })).AssertProblem(HttpStatusCode.NotFound);
        var dose = await (await doctor.PostJson("/api/v1/vaccinations", new { patient_id = patient, vaccine_code = "FLU" })).AssertOk(HttpStatusCode.Created);
        var id = dose.GetProperty("id").GetInt32();
        using var petit = await app.ClientFor(DemoUsers.DrPetit);
        await (await petit.GetAsync($"/api/v1/vaccinations/{id}")).AssertProblem(HttpStatusCode.NotFound);
        await (await petit.DeleteAsync($"/api/v1/vaccinations/{id}")).AssertProblem(HttpStatusCode.NotFound);
        await (await doctor.DeleteAsync($"/api/v1/vaccinations/{id}")).AssertOk(HttpStatusCode.NoContent);
        await (await doctor.GetAsync($"/api/v1/vaccinations/{id}")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_demo_has_a_vaccination_due_within_the_month_and_patients_read_their_own()
    {
        var jean = await Clinic.PatientIdAsync(app, "Dupont");
        var claire = await Clinic.PatientIdAsync(app, "Moreau");
        using var patient = await app.ClientFor(DemoUsers.JeanDupont);
        var own = await (await patient.GetAsync($"/api/v1/vaccinations/patient/{jean}")).AssertOk();
        Assert.Contains(own.EnumerateArray(), v => string.CompareOrdinal(v.GetProperty("next_due_on").GetString(), Date(31)) <= 0
            && string.CompareOrdinal(v.GetProperty("next_due_on").GetString(), Date(0)) >= 0);
        await (await patient.GetAsync($"/api/v1/vaccinations/patient/{claire}")).AssertProblem(HttpStatusCode.NotFound);
    }
}

public sealed class VaccinationTestsOnSqlite(SqliteApp app) : VaccinationTests(app), IClassFixture<SqliteApp>;

public sealed class VaccinationTestsOnPostgres(PostgresApp app) : VaccinationTests(app), IClassFixture<PostgresApp>;
