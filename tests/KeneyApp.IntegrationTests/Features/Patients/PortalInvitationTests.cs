using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KeneyApp.IntegrationTests.Infrastructure;

namespace KeneyApp.IntegrationTests.Features.Patients;

/// <summary>
/// Portal invitations over a real SMTP server: the one-time link reaches only the patient's mailbox, never the
/// staff member who asked (a receptionist could otherwise activate any account and read clinical data).
/// </summary>
public abstract class PortalInvitationTests(AppFixture app)
{
    private const string Password = "Portal-password-2026";

    private async Task<(int Id, string Email)> NewPatientAsync()
    {
        var email = $"portal{Guid.NewGuid():N}@patients.example";
        var id = (await Clinic.NewPatientAsync(app, DemoUsers.Reception, email)).GetProperty("id").GetInt32();
        return (id, email);
    }

    private async Task<(JsonElement Answer, string Body, string Token)> InviteAsync(int id, string email, int expectedMails)
    {
        using var reception = await app.ClientFor(DemoUsers.Reception);
        var response = await reception.PostAsync($"/api/v1/patients/{id}/portal-account", null);
        var body = await response.Content.ReadAsStringAsync();
        var answer = await response.AssertOk(HttpStatusCode.Accepted);
        var mails = await MailDev.Shared.MessagesToAsync(email, expectedMails);
        Assert.Equal(expectedMails, mails.Count);
        return (answer, body, Mailbox.TokenIn(mails[^1].GetProperty("text").GetString()!));
    }

    [Fact]
    public async Task The_invitation_reaches_only_the_patients_mailbox_and_the_staff_answer_holds_no_secret()
    {
        var (id, email) = await NewPatientAsync();
        var (answer, body, token) = await InviteAsync(id, email, expectedMails: 1);

        Assert.Equal(["account_id", "expires_at", "invited_at", "patient_id"], answer.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(id, answer.GetProperty("patient_id").GetInt32());
        Assert.DoesNotContain(token, body, StringComparison.Ordinal);
        Assert.DoesNotContain("activate", body, StringComparison.OrdinalIgnoreCase);

        var mail = (await MailDev.Shared.MessagesToAsync(email)).Single();
        Assert.Contains("https://portal.demo.keneyapp.test/activate#token=" + token, mail.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("Clinique Démo", mail.GetProperty("subject").GetString(), StringComparison.Ordinal);
        Assert.Equal("no-reply@demo.keneyapp.test", mail.GetProperty("from")[0].GetProperty("address").GetString());
        // Nothing of the secret in the audit trail or the logs either.
        using var admin = await app.ClientFor(DemoUsers.Admin);
        Assert.DoesNotContain(token, await (await admin.GetAsync("/api/v1/audit?limit=100&resource_type=portal_account")).Content.ReadAsStringAsync(),
            StringComparison.Ordinal);
        Assert.DoesNotContain(app.Factory.Logs.Lines, line => line.Contains(token, StringComparison.Ordinal));

        // The patient, and only with the date of birth on its record, activates and then logs in.
        using var anonymous = app.Anonymous();
        await (await anonymous.PostAsync("/api/v1/auth/login", Accounts.AuthenticationTests.Form(email, Password))).AssertProblem(HttpStatusCode.Unauthorized);
        await (await anonymous.PostJson("/api/v1/auth/activate", new { token, date_of_birth = "1990-01-01", password = Password })).AssertOk(HttpStatusCode.NoContent);
        using var patient = app.WithToken((await app.LoginAsync(email, Password)).AccessToken);
        var me = await (await patient.GetAsync("/api/v1/auth/me")).AssertOk();
        Assert.Equal(("patient", id), (me.GetProperty("role").GetString(), me.GetProperty("patient_id").GetInt32()));
        await (await patient.GetAsync($"/api/v1/patients/{id}")).AssertOk();
        await (await anonymous.PostJson("/api/v1/auth/activate", new { token, date_of_birth = "1990-01-01", password = "Portal-password-2027" }))
            .AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Activation_needs_the_date_of_birth_on_record_and_five_wrong_ones_void_the_link()
    {
        var (id, email) = await NewPatientAsync();
        var (_, _, token) = await InviteAsync(id, email, expectedMails: 1);
        using var anonymous = app.Anonymous();

        var missing = await (await anonymous.PostJson("/api/v1/auth/activate", new { token, password = Password })).AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(missing.GetProperty("errors").TryGetProperty("date_of_birth", out _));
        await (await anonymous.PostJson("/api/v1/auth/activate", new { token = "made-up", date_of_birth = "1990-01-01", password = Password }))
            .AssertProblem(HttpStatusCode.NotFound);
        for (var i = 0; i < 5; i++)
        {
            var wrong = await (await anonymous.PostJson("/api/v1/auth/activate", new { token, date_of_birth = $"1990-01-0{i + 2}", password = Password }))
                .AssertProblem(HttpStatusCode.BadRequest);
            Assert.True(wrong.GetProperty("errors").TryGetProperty("date_of_birth", out _));
        }
        // The right date comes too late: the link is void, and no password was set.
        await (await anonymous.PostJson("/api/v1/auth/activate", new { token, date_of_birth = "1990-01-01", password = Password })).AssertProblem(HttpStatusCode.NotFound);
        await (await anonymous.PostAsync("/api/v1/auth/login", Accounts.AuthenticationTests.Form(email, Password))).AssertProblem(HttpStatusCode.Unauthorized);

        // Staff send a new invitation, which works.
        var (_, _, second) = await InviteAsync(id, email, expectedMails: 2);
        await (await anonymous.PostJson("/api/v1/auth/activate", new { token = second, date_of_birth = "1990-01-01", password = Password }))
            .AssertOk(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Inviting_again_sends_a_new_link_voids_the_old_one_and_stops_once_activated()
    {
        var (id, email) = await NewPatientAsync();
        var (first, _, oldToken) = await InviteAsync(id, email, expectedMails: 1);
        var (second, _, newToken) = await InviteAsync(id, email, expectedMails: 2);
        Assert.NotEqual(oldToken, newToken);
        Assert.Equal(first.GetProperty("account_id").GetInt32(), second.GetProperty("account_id").GetInt32());

        using var anonymous = app.Anonymous();
        await (await anonymous.PostJson("/api/v1/auth/activate", new { token = oldToken, date_of_birth = "1990-01-01", password = Password }))
            .AssertProblem(HttpStatusCode.NotFound);
        await (await anonymous.PostJson("/api/v1/auth/activate", new { token = newToken, date_of_birth = "1990-01-01", password = Password }))
            .AssertOk(HttpStatusCode.NoContent);
        using var reception = await app.ClientFor(DemoUsers.Reception);
        await (await reception.PostAsync($"/api/v1/patients/{id}/portal-account", null)).AssertProblem(HttpStatusCode.Conflict);
        Assert.Equal(2, (await MailDev.Shared.MessagesToAsync(email, atLeast: 2)).Count);
    }

    [Fact]
    public async Task Invitations_need_an_address_and_a_patient_of_the_callers_clinic()
    {
        using var reception = await app.ClientFor(DemoUsers.Reception);
        var noEmail = await (await reception.PostJson("/api/v1/patients", new { first_name = "No", last_name = "Mail", date_of_birth = "1990-02-02", gender = "male" }))
            .AssertOk(HttpStatusCode.Created);
        var problem = await (await reception.PostAsync($"/api/v1/patients/{noEmail.GetProperty("id").GetInt32()}/portal-account", null))
            .AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("email", out _));
        var (id, email) = await NewPatientAsync();
        using var otherClinic = await app.ClientFor(DemoUsers.DrPetit);
        await (await otherClinic.PostAsync($"/api/v1/patients/{id}/portal-account", null)).AssertProblem(HttpStatusCode.NotFound);
        // Mail goes out in order: once a later invitation has arrived, an earlier one would have too.
        var (later, laterEmail) = await NewPatientAsync();
        await InviteAsync(later, laterEmail, expectedMails: 1);
        Assert.Empty(await MailDev.Shared.MessagesToAsync(email, atLeast: 0));
    }

    [Fact]
    public async Task Whoever_changed_the_address_cannot_also_send_the_invitation_and_the_old_address_is_told()
    {
        var (id, email) = await NewPatientAsync();
        var mine = $"receptionist{Guid.NewGuid():N}@staff.example";
        using var reception = await app.ClientFor(DemoUsers.Reception);
        await (await reception.PutAsJsonAsync($"/api/v1/patients/{id}", new { email = mine })).AssertOk();
        var refused = await (await reception.PostAsync($"/api/v1/patients/{id}/portal-account", null)).AssertProblem(HttpStatusCode.Conflict);
        Assert.Contains("another member of staff", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var notice = Assert.Single(await MailDev.Shared.MessagesToAsync(email));
        Assert.DoesNotContain(mine, notice.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("#token=", notice.GetProperty("text").GetString(), StringComparison.Ordinal);

        // A colleague, who did not make the change, may send it (the usual case: the patient gave a new address).
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        await (await doctor.PostAsync($"/api/v1/patients/{id}/portal-account", null)).AssertOk(HttpStatusCode.Accepted);
        Assert.Single(await MailDev.Shared.MessagesToAsync(mine));
        // And after a day the one who changed it may too.
        app.Factory.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
        using var receptionNextDay = await app.ClientFor(DemoUsers.Reception);
        await (await receptionNextDay.PostAsync($"/api/v1/patients/{id}/portal-account", null)).AssertOk(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task Parallel_date_of_birth_guesses_get_five_comparisons_at_most()
    {
        var (id, email) = await NewPatientAsync();
        var (_, _, token) = await InviteAsync(id, email, expectedMails: 1);
        using var anonymous = app.Anonymous();
        var guesses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            anonymous.PostJson("/api/v1/auth/activate", new { token, date_of_birth = $"1991-01-{i + 1:00}", password = Password })));
        var compared = guesses.Count(g => g.StatusCode == HttpStatusCode.BadRequest);
        Assert.True(compared is > 0 and <= 5, $"{compared} dates compared");
        Assert.All(guesses, g => Assert.Contains(g.StatusCode, new[] { HttpStatusCode.BadRequest, HttpStatusCode.NotFound }));
        await (await anonymous.PostJson("/api/v1/auth/activate", new { token, date_of_birth = "1990-01-01", password = Password })).AssertProblem(HttpStatusCode.NotFound);
    }
}

public sealed class PortalInvitationTestsOnSqlite(SqliteAppWithSmtp app) : PortalInvitationTests(app), IClassFixture<SqliteAppWithSmtp>;

public sealed class PortalInvitationTestsOnPostgres(PostgresAppWithSmtp app) : PortalInvitationTests(app), IClassFixture<PostgresAppWithSmtp>;
