using System.Net;
using System.Net.Http.Json;
using KeneyApp.IntegrationTests.Infrastructure;

namespace KeneyApp.IntegrationTests.Features.Patients;

public abstract class PatientTests(AppFixture app)
{
    [Theory]
    [InlineData(DemoUsers.Admin, HttpStatusCode.OK, HttpStatusCode.Created)]
    [InlineData(DemoUsers.DrMartin, HttpStatusCode.OK, HttpStatusCode.Created)]
    [InlineData(DemoUsers.Nurse, HttpStatusCode.OK, HttpStatusCode.Created)]
    [InlineData(DemoUsers.Reception, HttpStatusCode.OK, HttpStatusCode.Created)]
    [InlineData(DemoUsers.JeanDupont, HttpStatusCode.OK, HttpStatusCode.Forbidden)]
    [InlineData(DemoUsers.Root, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden)]
    public async Task List_and_create_follow_the_role_table(string email, HttpStatusCode list, HttpStatusCode create)
    {
        using var client = await app.ClientFor(email);
        Assert.Equal(list, (await client.GetAsync("/api/v1/patients")).StatusCode);
        var created = await client.PostJson("/api/v1/patients", new { first_name = "Role", last_name = "Matrix", date_of_birth = "2000-01-01", gender = "female" });
        Assert.Equal(create, created.StatusCode);
    }

    [Theory]
    [InlineData(DemoUsers.Admin, HttpStatusCode.OK, HttpStatusCode.NoContent)]
    [InlineData(DemoUsers.DrMartin, HttpStatusCode.OK, HttpStatusCode.Forbidden)]
    [InlineData(DemoUsers.Nurse, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden)]
    [InlineData(DemoUsers.Reception, HttpStatusCode.OK, HttpStatusCode.Forbidden)]
    [InlineData(DemoUsers.ClaireMoreau, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden)]
    [InlineData(DemoUsers.Admin2, HttpStatusCode.NotFound, HttpStatusCode.NotFound)]
    public async Task Update_and_delete_follow_the_role_table_and_other_records_do_not_exist(string email, HttpStatusCode update, HttpStatusCode delete)
    {
        var id = (await Clinic.NewPatientAsync(app)).GetProperty("id").GetInt32();
        using var client = await app.ClientFor(email);
        Assert.Equal(update, (await client.PutAsJsonAsync($"/api/v1/patients/{id}", new { phone = "+33700000000" })).StatusCode);
        Assert.Equal(delete, (await client.DeleteAsync($"/api/v1/patients/{id}")).StatusCode);
    }

    [Fact]
    public async Task Receptionists_never_see_or_change_clinical_fields()
    {
        var jean = await Clinic.PatientIdAsync(app, "Dupont");
        using var reception = await app.ClientFor(DemoUsers.Reception);
        var record = await (await reception.GetAsync($"/api/v1/patients/{jean}")).AssertOk();
        Assert.False(record.TryGetProperty("medical_history", out _));
        Assert.False(record.TryGetProperty("allergies", out _));
        Assert.Equal("12 rue de la Paix, 75002 Paris", record.GetProperty("address").GetString());
        var list = await (await reception.GetAsync("/api/v1/patients?limit=100")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("allergies", list, StringComparison.Ordinal);
        Assert.DoesNotContain("Pénicilline", list, StringComparison.Ordinal);

        // Fields the role may not write stay as they are (API.md), and the answer still shows none of them.
        var sneaky = await (await reception.PutAsJsonAsync($"/api/v1/patients/{jean}", new { allergies = "Aucune", medical_history = "" })).AssertOk();
        Assert.False(sneaky.TryGetProperty("allergies", out _));
        var created = await (await reception.PostJson("/api/v1/patients", new { first_name = "A", last_name = "B", date_of_birth = "1990-01-01", gender = "male", medical_history = "écrit par l'accueil" }))
            .AssertOk(HttpStatusCode.Created);

        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var newRecord = await (await doctor.GetAsync($"/api/v1/patients/{created.GetProperty("id").GetInt32()}")).AssertOk();
        Assert.Equal("", newRecord.GetProperty("medical_history").GetString());
        var clinical = await (await doctor.GetAsync($"/api/v1/patients/{jean}")).AssertOk();
        Assert.Equal("Pénicilline", clinical.GetProperty("allergies").GetString());
        Assert.Contains("Hypertension", clinical.GetProperty("medical_history").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_patient_sees_only_its_own_record()
    {
        var jean = await Clinic.PatientIdAsync(app, "Dupont");
        var claire = await Clinic.PatientIdAsync(app, "Moreau");
        using var patient = await app.ClientFor(DemoUsers.JeanDupont);
        var me = await (await patient.GetAsync("/api/v1/auth/me")).AssertOk();
        Assert.Equal(jean, me.GetProperty("patient_id").GetInt32());
        var own = await (await patient.GetAsync($"/api/v1/patients/{jean}")).AssertOk();
        Assert.Equal("Pénicilline", own.GetProperty("allergies").GetString());
        await (await patient.GetAsync($"/api/v1/patients/{claire}")).AssertProblem(HttpStatusCode.NotFound);
        await (await patient.GetAsync($"/api/v1/patients/{claire}/history")).AssertProblem(HttpStatusCode.NotFound);
        var list = await (await patient.GetAsync("/api/v1/patients")).AssertOk();
        Assert.Equal(jean, list.EnumerateArray().Single().GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task Server_owned_fields_in_a_body_are_refused_by_name_and_change_nothing()
    {
        using var admin2 = await app.ClientFor(DemoUsers.Admin2);
        var otherTenant = (await (await admin2.GetAsync("/api/v1/auth/me")).AssertOk()).GetProperty("tenant_id").GetInt32();
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var lastName = "Assignment" + Guid.NewGuid().ToString("N")[..6];
        var refused = await (await doctor.PostJson("/api/v1/patients", new
        {
            first_name = "Mass",
            last_name = lastName,
            date_of_birth = "1970-01-01",
            gender = "male",
            tenant_id = otherTenant,
        })).AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(refused.GetProperty("errors").TryGetProperty("tenant_id", out _));
        Assert.Equal(0, (await (await doctor.GetAsync($"/api/v1/patients?q={lastName}")).AssertOk()).GetArrayLength());

        var id = (await Clinic.NewPatientAsync(app)).GetProperty("id").GetInt32();
        foreach (var body in new object[] { new { tenant_id = otherTenant, first_name = "Still" }, new { id = 1, first_name = "Still" }, new { deleted_at = "2020-01-01T00:00:00Z" } })
        {
            await (await doctor.PutAsJsonAsync($"/api/v1/patients/{id}", body)).AssertProblem(HttpStatusCode.BadRequest);
        }
        Assert.Equal("Test", (await (await doctor.GetAsync($"/api/v1/patients/{id}")).AssertOk()).GetProperty("first_name").GetString());
        await (await admin2.GetAsync($"/api/v1/patients/{id}")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bad_input_is_refused_field_by_field_and_creates_nothing()
    {
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var before = (await doctor.GetAsync("/api/v1/patients?limit=1")).Headers.GetValues("X-Total-Count").Single();
        var problem = await (await doctor.PostJson("/api/v1/patients", new
        {
            first_name = "",
            last_name = "X",
            date_of_birth = "2999-01-01",
            gender = "unknown",
            email = "nope",
            phone = "12",
            blood_type = "C+",
            ins_number = "180057512345699",
            preferred_language = "de",
            timezone = "Mars/Base",
        })).AssertProblem(HttpStatusCode.BadRequest);
        foreach (var field in new[] { "first_name", "date_of_birth", "gender", "email", "phone", "blood_type", "ins_number", "preferred_language", "timezone" })
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), field);
        }
        Assert.Equal(before, (await doctor.GetAsync("/api/v1/patients?limit=1")).Headers.GetValues("X-Total-Count").Single());
    }

    [Fact]
    public async Task Phones_are_stored_normalised_and_a_valid_ins_is_accepted()
    {
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var created = await (await doctor.PostJson("/api/v1/patients", new
        {
            first_name = "Nadia",
            last_name = "Benali",
            date_of_birth = "1985-06-15",
            gender = "female",
            phone = "06.12.34.56.78",
            emergency_phone = "0033 7 11 22 33 44",
            ins_number = KeneyApp.Domain.PatientRules.InsWithKey("2850675123456"),
            blood_type = "AB-",
        })).AssertOk(HttpStatusCode.Created);
        Assert.Equal("+33612345678", created.GetProperty("phone").GetString());
        Assert.Equal("+33711223344", created.GetProperty("emergency_phone").GetString());
    }

    [Fact]
    public async Task A_second_patient_with_the_same_ins_is_a_conflict_naming_the_first_and_is_not_created()
    {
        var ins = KeneyApp.Domain.PatientRules.InsWithKey("1" + Random.Shared.NextInt64(100_000_000_000, 999_999_999_999));
        object Body(string lastName) => new { first_name = "Ins", last_name = lastName, date_of_birth = "1980-01-01", gender = "male", ins_number = ins };
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var first = (await (await doctor.PostJson("/api/v1/patients", Body("First"))).AssertOk(HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var second = await (await doctor.PostJson("/api/v1/patients", Body("Second"))).AssertProblem(HttpStatusCode.Conflict);
        Assert.Equal(first, second.GetProperty("existing_patient_id").GetInt32());
        Assert.Equal(0, (await (await doctor.GetAsync($"/api/v1/patients?q={ins}")).AssertOk()).EnumerateArray().Count(p => p.GetProperty("id").GetInt32() != first));

        // Taking it by an update is the same conflict; another clinic may hold the same INS.
        var other = (await Clinic.NewPatientAsync(app)).GetProperty("id").GetInt32();
        var update = await (await doctor.PutAsJsonAsync($"/api/v1/patients/{other}", new { ins_number = ins })).AssertProblem(HttpStatusCode.Conflict);
        Assert.Equal(first, update.GetProperty("existing_patient_id").GetInt32());
        using var otherClinic = await app.ClientFor(DemoUsers.DrPetit);
        await (await otherClinic.PostJson("/api/v1/patients", Body("Elsewhere"))).AssertOk(HttpStatusCode.Created);
        // Parallel creations: one record, the others told which.
        var ins2 = KeneyApp.Domain.PatientRules.InsWithKey("2" + Random.Shared.NextInt64(100_000_000_000, 999_999_999_999));
        var racing = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => doctor.PostJson("/api/v1/patients", new { first_name = "Race", last_name = "Ins", date_of_birth = "1980-01-01", gender = "female", ins_number = ins2 })));
        Assert.Equal(1, racing.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(racing.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
    }

    [Fact]
    public async Task Encrypted_columns_hold_ciphertext_only()
    {
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var created = await (await doctor.PostJson("/api/v1/patients", new
        {
            first_name = "Chiffre",
            last_name = "Secret",
            date_of_birth = "1960-03-03",
            gender = "male",
            address = "1 rue Cachée, Paris",
            medical_history = "Maladie rare confidentielle",
            allergies = "Arachide-confidentielle",
            emergency_contact = "Épouse Secret",
            emergency_phone = "06 99 88 77 66",
        })).AssertOk(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        var raw = await app.RawRowAsync(
            $"SELECT address_encrypted, medical_history_encrypted, allergies_encrypted, emergency_contact_encrypted, emergency_phone_encrypted FROM patients WHERE id = {id}");
        Assert.All(raw, value => Assert.StartsWith("v1.", value, StringComparison.Ordinal));
        var all = string.Join("|", raw);
        foreach (var secret in new[] { "Cachée", "rare", "Arachide", "Épouse", "99 88", "+33699" })
        {
            Assert.DoesNotContain(secret, all, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("dup", "Dupont")]
    [InlineData("DUPONT jean", "Dupont")]
    [InlineData("lefevre", "Lefèvre")]
    [InlineData("élo", "Lefèvre")]
    [InlineData("1980-05-15", "Dupont")]
    [InlineData("15/05/1980", "Dupont")]
    [InlineData("06 12 34 56 78", "Dupont")]
    [InlineData("jean.dupont@demo.keneyapp.test", "Dupont")]
    public async Task Search_finds_by_name_birth_date_phone_or_email(string q, string lastName)
    {
        using var nurse = await app.ClientFor(DemoUsers.Nurse);
        var response = await nurse.GetAsync($"/api/v1/patients?q={Uri.EscapeDataString(q)}");
        var found = await response.AssertOk();
        Assert.Contains(found.EnumerateArray(), p => p.GetProperty("last_name").GetString() == lastName);
        Assert.Equal(found.GetArrayLength().ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.GetValues("X-Total-Count").Single());
        using var admin2 = await app.ClientFor(DemoUsers.Admin2);
        Assert.DoesNotContain(lastName, await (await admin2.GetAsync($"/api/v1/patients?q={Uri.EscapeDataString(q)}")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Archiving_hides_the_record_and_ends_its_portal_account_and_sessions_at_once()
    {
        var email = $"arch{Guid.NewGuid():N}@patients.example";
        var patient = await Clinic.NewPatientAsync(app, email: email);
        var id = patient.GetProperty("id").GetInt32();
        var token = await Mailbox.InviteAsync(app, id, email, DemoUsers.DrMartin);
        using var anonymous = app.Anonymous();
        await (await anonymous.PostJson("/api/v1/auth/activate", new { token, date_of_birth = "1990-01-01", password = "Portal-password-2026" }))
            .AssertOk(HttpStatusCode.NoContent);
        using var portal = app.WithToken((await app.LoginAsync(email, "Portal-password-2026")).AccessToken);
        await (await portal.GetAsync($"/api/v1/patients/{id}")).AssertOk();

        using var admin = await app.ClientFor(DemoUsers.Admin);
        await (await admin.DeleteAsync($"/api/v1/patients/{id}")).AssertOk(HttpStatusCode.NoContent);
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        await (await doctor.GetAsync($"/api/v1/patients/{id}")).AssertProblem(HttpStatusCode.NotFound);
        Assert.DoesNotContain($"\"id\":{id},", await (await doctor.GetAsync($"/api/v1/patients?limit=100&q={patient.GetProperty("last_name").GetString()}")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await (await portal.GetAsync("/api/v1/auth/me")).AssertProblem(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsync("/api/v1/auth/login", Accounts.AuthenticationTests.Form(email, "Portal-password-2026"))).AssertProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Reads_and_writes_are_audited_with_ids_only()
    {
        var jean = await Clinic.PatientIdAsync(app, "Dupont", DemoUsers.DrLeroy);
        using var doctor = await app.ClientFor(DemoUsers.DrLeroy);
        await (await doctor.GetAsync($"/api/v1/patients/{jean}")).AssertOk();
        var leroy = await Clinic.UserIdAsync(app, DemoUsers.DrLeroy);
        using var admin = await app.ClientFor(DemoUsers.Admin);
        var reads = await (await admin.GetAsync($"/api/v1/audit?resource_type=patient&resource_id={jean}&user_id={leroy}")).AssertOk();
        Assert.Contains(reads.EnumerateArray(), e => e.GetProperty("action").GetString() == "read");
        var listRead = await (await admin.GetAsync($"/api/v1/audit?resource_type=patient&user_id={leroy}&action=read")).AssertOk();
        Assert.Contains(listRead.EnumerateArray(), e => e.GetProperty("details").GetString()?.Contains($"{jean}", StringComparison.Ordinal) == true);
        var text = await (await admin.GetAsync("/api/v1/audit?limit=100")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("Dupont", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_record_of_jean_dupont_has_its_timeline()
    {
        var jean = await Clinic.PatientIdAsync(app, "Dupont");
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var record = await (await doctor.GetAsync($"/api/v1/patients/{jean}")).AssertOk();
        Assert.Equal(("1980-05-15", "A+"), (record.GetProperty("date_of_birth").GetString(), record.GetProperty("blood_type").GetString()));
        var history = await (await doctor.GetAsync($"/api/v1/patients/{jean}/history")).AssertOk();
        var types = history.EnumerateArray().Select(i => i.GetProperty("type").GetString()).ToHashSet();
        Assert.Equal(new HashSet<string?> { "appointment", "prescription", "vaccination", "document" }, types);
        var tomorrow = app.Factory.Clock.GetUtcNow().UtcDateTime.Date.AddDays(1);
        Assert.Contains(history.EnumerateArray(), i => i.GetProperty("type").GetString() == "appointment"
            && i.GetProperty("occurred_at").GetDateTime().Date == tomorrow);

        using var reception = await app.ClientFor(DemoUsers.Reception);
        var limited = await (await reception.GetAsync($"/api/v1/patients/{jean}/history")).AssertOk();
        Assert.All(limited.EnumerateArray(), i => Assert.Equal("appointment", i.GetProperty("type").GetString())); // no clinical document either
    }
}

public sealed class PatientTestsOnSqlite(SqliteApp app) : PatientTests(app), IClassFixture<SqliteApp>;

public sealed class PatientTestsOnPostgres(PostgresApp app) : PatientTests(app), IClassFixture<PostgresApp>;
