using System.Net;
using System.Net.Http.Json;
using KeneyApp.IntegrationTests.Infrastructure;

namespace KeneyApp.IntegrationTests.Features;

/// <summary>
/// Every clinical endpoint × every role, against the SECURITY.md table: allowed roles get an answer about the
/// record, the others 403; reading another clinic's record is 404 whatever the role.
/// </summary>
public abstract class ClinicalRoleMatrixTests(AppFixture app)
{
    private const string A = DemoUsers.Admin, D = DemoUsers.DrMartin, N = DemoUsers.Nurse, R = DemoUsers.Reception, P = DemoUsers.JeanDupont,
        S = DemoUsers.Root;

    private static int _slot;

    public static TheoryData<string, string> Reads() => new()
    {
        // endpoint (ids filled in), roles allowed (the others get 403)
        { "GET /api/v1/patients/{jean}", "A D N R P" },
        { "GET /api/v1/patients/{jean}/history", "A D N R P" },
        { "GET /api/v1/appointments/{jeanAppointment}", "A D N R P" },
        { "GET /api/v1/prescriptions/{jeanPrescription}", "A D N P" },
        { "GET /api/v1/prescriptions/patient/{jean}", "A D N P" },
        { "GET /api/v1/vaccinations/{jeanVaccination}", "A D N P" },
        { "GET /api/v1/vaccinations/patient/{jean}", "A D N P" },
        { "GET /api/v1/vaccinations/catalogue", "A D N P" },
    };

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task Reads_follow_the_role_table_and_other_clinics_see_nothing(string endpoint, string allowed)
    {
        var ids = await IdsAsync();
        var (method, path) = Split(endpoint, ids);
        foreach (var (role, email) in Roles())
        {
            using var client = await app.ClientFor(email);
            var status = (await client.SendAsync(new HttpRequestMessage(method, path))).StatusCode;
            var expected = allowed.Split(' ').Contains(role) ? HttpStatusCode.OK : HttpStatusCode.Forbidden;
            Assert.True(expected == status, $"{role} {endpoint}: {(int)status}");
        }
        if (path.Contains("catalogue", StringComparison.Ordinal))
        {
            return;
        }
        using var otherClinic = await app.ClientFor(DemoUsers.DrPetit);
        Assert.Equal(HttpStatusCode.NotFound, (await otherClinic.SendAsync(new HttpRequestMessage(method, path))).StatusCode);
    }

    [Fact]
    public async Task Writes_follow_the_role_table()
    {
        var martin = await Clinic.UserIdAsync(app, DemoUsers.DrMartin);
        var writes = new (string Name, string Allowed, Func<HttpClient, int, Task<HttpResponseMessage>> Call)[]
        {
            ("create patient", "A D N R", (c, _) => c.PostJson("/api/v1/patients", new { first_name = "M", last_name = "X", date_of_birth = "1999-09-09", gender = "male" })),
            ("update patient", "A D R", (c, p) => c.PutAsJsonAsync($"/api/v1/patients/{p}", new { phone = "+33612121212" })),
            ("invite patient", "A D N R", (c, p) => c.PostAsync($"/api/v1/patients/{p}/portal-account", null)),
            ("book appointment", "A D R", (c, p) => c.PostJson("/api/v1/appointments", new
            {
                patient_id = p, doctor_id = martin, duration_minutes = 5,
                appointment_date = new DateTime(2030, 1, 7, 8, 0, 0, DateTimeKind.Utc).AddMinutes(10 * Interlocked.Increment(ref _slot)).ToString("O"),
            })),
            ("prescribe", "D", (c, p) => c.PostJson("/api/v1/prescriptions", new { patient_id = p, medication_name = "X", dosage = "1", frequency = "1/j", duration_days = 3 })),
            ("vaccinate", "D N", (c, p) => c.PostJson("/api/v1/vaccinations", new { patient_id = p, vaccine_code = "FLU" })),
            ("tune catalogue", "A", (c, _) => c.PutAsJsonAsync("/api/v1/vaccinations/catalogue/FLU", new { booster_interval_days = 365 })),
            ("archive patient", "A", (c, p) => c.DeleteAsync($"/api/v1/patients/{p}")),
        };
        foreach (var (name, allowed, call) in writes)
        {
            foreach (var (role, email) in Roles())
            {
                var patient = (await Clinic.NewPatientAsync(app)).GetProperty("id").GetInt32();
                using var client = await app.ClientFor(email);
                var status = (await call(client, patient)).StatusCode;
                var permitted = allowed.Split(' ').Contains(role);
                Assert.True(permitted ? (int)status is >= 200 and < 300 : status == HttpStatusCode.Forbidden, $"{role} {name}: {(int)status}");
            }
        }
    }

    private static IEnumerable<(string Role, string Email)> Roles() => [("A", A), ("D", D), ("N", N), ("R", R), ("P", P), ("S", S)];

    private async Task<Dictionary<string, int>> IdsAsync()
    {
        var jean = await Clinic.PatientIdAsync(app, "Dupont");
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        async Task<int> First(string url) => (await (await doctor.GetAsync(url)).AssertOk()).EnumerateArray().First().GetProperty("id").GetInt32();
        return new Dictionary<string, int>
        {
            ["jean"] = jean,
            ["jeanAppointment"] = await First($"/api/v1/appointments?patient_id={jean}"),
            ["jeanPrescription"] = await First($"/api/v1/prescriptions/patient/{jean}"),
            ["jeanVaccination"] = await First($"/api/v1/vaccinations/patient/{jean}"),
        };
    }

    private static (HttpMethod, string) Split(string endpoint, Dictionary<string, int> ids)
    {
        var parts = endpoint.Split(' ');
        var path = ids.Aggregate(parts[1], (current, id) => current.Replace("{" + id.Key + "}", id.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        return (new HttpMethod(parts[0]), path);
    }
}

public sealed class ClinicalRoleMatrixTestsOnSqlite(SqliteApp app) : ClinicalRoleMatrixTests(app), IClassFixture<SqliteApp>;

public sealed class ClinicalRoleMatrixTestsOnPostgres(PostgresApp app) : ClinicalRoleMatrixTests(app), IClassFixture<PostgresApp>;
