using System.Net;
using System.Net.Http.Json;
using KeneyApp.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.IntegrationTests.Features.Audit;

/// <summary>
/// Every committed change has its audit entry: when the entry cannot be written, the change is not committed
/// either (and the client gets a 500, not a success to retry). A read whose entry cannot be written gives no
/// answer. The audit store is made to fail, for requests marked with one correlation id only, by a trigger.
/// </summary>
public abstract class AuditAtomicityTests(AppFixture app) : IAsyncLifetime
{
    private const string FailPrefix = "fail-audit-";

    public Task InitializeAsync() => app.Db<int>(null, db => db.Database.IsNpgsql()
        ? db.Database.ExecuteSqlRawAsync("""
            CREATE OR REPLACE FUNCTION test_fail_audit() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.correlation_id LIKE 'fail-audit-%' THEN RAISE EXCEPTION 'audit store failed'; END IF;
                RETURN NEW;
            END $$;
            DROP TRIGGER IF EXISTS test_fail_audit ON audit_entries;
            CREATE TRIGGER test_fail_audit BEFORE INSERT ON audit_entries FOR EACH ROW EXECUTE FUNCTION test_fail_audit();
            """)
        : db.Database.ExecuteSqlRawAsync("""
            DROP TRIGGER IF EXISTS test_fail_audit;
            CREATE TRIGGER test_fail_audit BEFORE INSERT ON audit_entries WHEN NEW.correlation_id LIKE 'fail-audit-%'
            BEGIN SELECT RAISE(ABORT, 'audit store failed'); END;
            """));

    public Task DisposeAsync() => Task.CompletedTask;

    private static HttpRequestMessage Failing(HttpMethod method, string url, object? body = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("X-Correlation-ID", FailPrefix + Guid.NewGuid().ToString("N")[..12]);
        return request;
    }

    private static async Task AssertServerErrorAsync(HttpResponseMessage response, params string[] mustNotLeak)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        foreach (var secret in mustNotLeak)
        {
            Assert.DoesNotContain(secret, body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_patient_is_not_created_or_changed_without_its_entry()
    {
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var lastName = "Unaudited" + Guid.NewGuid().ToString("N")[..6];
        await AssertServerErrorAsync(await doctor.SendAsync(Failing(HttpMethod.Post, "/api/v1/patients",
            new { first_name = "No", last_name = lastName, date_of_birth = "1990-01-01", gender = "male" })));
        Assert.Equal(0, (await (await doctor.GetAsync($"/api/v1/patients?q={lastName}")).AssertOk()).GetArrayLength());

        var id = (await Clinic.NewPatientAsync(app)).GetProperty("id").GetInt32();
        await AssertServerErrorAsync(await doctor.SendAsync(Failing(HttpMethod.Put, $"/api/v1/patients/{id}", new { first_name = "Changed" })));
        Assert.Equal("Test", (await (await doctor.GetAsync($"/api/v1/patients/{id}")).AssertOk()).GetProperty("first_name").GetString());
    }

    [Fact]
    public async Task Appointments_prescriptions_and_messages_are_not_committed_without_their_entries()
    {
        var patient = (await Clinic.NewPatientAsync(app)).GetProperty("id").GetInt32();
        var martin = await Clinic.UserIdAsync(app, DemoUsers.DrMartin);
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        await AssertServerErrorAsync(await doctor.SendAsync(Failing(HttpMethod.Post, "/api/v1/appointments",
            new { patient_id = patient, doctor_id = martin, appointment_date = "2026-12-01T10:00:00Z", duration_minutes = 30 })));
        Assert.Equal(0, (await (await doctor.GetAsync($"/api/v1/appointments?patient_id={patient}")).AssertOk()).GetArrayLength());

        await AssertServerErrorAsync(await doctor.SendAsync(Failing(HttpMethod.Post, "/api/v1/prescriptions",
            new { patient_id = patient, medication_name = "Paracétamol", dosage = "1 g", frequency = "3/j", duration_days = 5 })));
        Assert.Equal(0, (await (await doctor.GetAsync($"/api/v1/prescriptions/patient/{patient}")).AssertOk()).GetArrayLength());

        var leroy = await Clinic.UserIdAsync(app, DemoUsers.DrLeroy);
        var before = (await doctor.GetAsync($"/api/v1/messages/conversation/{leroy}?limit=1")).Headers.GetValues("X-Total-Count").Single();
        await AssertServerErrorAsync(await doctor.SendAsync(Failing(HttpMethod.Post, "/api/v1/messages", new { receiver_id = leroy, content = "Non audité" })),
            "Non audité");
        Assert.Equal(before, (await doctor.GetAsync($"/api/v1/messages/conversation/{leroy}?limit=1")).Headers.GetValues("X-Total-Count").Single());
    }

    [Fact]
    public async Task A_logout_whose_entry_fails_leaves_the_session_open()
    {
        var email = await StaffAccounts.CreateAsync(app, "nurse");
        var session = await app.LoginAsync(email, StaffAccounts.Password);
        using var client = app.WithToken(session.AccessToken);
        await AssertServerErrorAsync(await client.SendAsync(Failing(HttpMethod.Post, "/api/v1/auth/logout")));
        await (await client.GetAsync("/api/v1/auth/me")).AssertOk();
    }

    [Fact]
    public async Task A_read_whose_entry_cannot_be_written_gives_no_answer()
    {
        var jean = await Clinic.PatientIdAsync(app, "Dupont", DemoUsers.DrMartin);
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        await AssertServerErrorAsync(await doctor.SendAsync(Failing(HttpMethod.Get, $"/api/v1/patients/{jean}")), "Dupont", "Pénicilline", "penicillin");
        await (await doctor.GetAsync($"/api/v1/patients/{jean}")).AssertOk();
    }
}

public sealed class AuditAtomicityTestsOnSqlite(SqliteApp app) : AuditAtomicityTests(app), IClassFixture<SqliteApp>;

public sealed class AuditAtomicityTestsOnPostgres(PostgresApp app) : AuditAtomicityTests(app), IClassFixture<PostgresApp>;
