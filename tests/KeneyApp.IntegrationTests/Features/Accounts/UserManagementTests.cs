using System.Net;
using KeneyApp.IntegrationTests.Infrastructure;

namespace KeneyApp.IntegrationTests.Features.Accounts;

public abstract class UserManagementTests(AppFixture app)
{
    [Theory]
    [InlineData(DemoUsers.Reception)]
    [InlineData(DemoUsers.DrMartin)]
    [InlineData(DemoUsers.Nurse)]
    [InlineData(DemoUsers.JeanDupont)]
    [InlineData(DemoUsers.Root)]
    public async Task Only_tenant_admins_reach_user_management(string email)
    {
        using var client = await app.ClientFor(email);
        await (await client.GetAsync("/api/v1/users")).AssertProblem(HttpStatusCode.Forbidden);
        await (await client.PostJson("/api/v1/users", new { email = "x@demo.keneyapp.test", full_name = "X", role = "doctor" })).AssertProblem(HttpStatusCode.Forbidden);
        await (await client.GetAsync("/api/v1/users/1")).AssertProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_admin_lists_the_users_of_its_own_clinic_only()
    {
        using var admin = await app.ClientFor(DemoUsers.Admin);
        var response = await admin.GetAsync("/api/v1/users?limit=100");
        var users = await response.AssertOk();
        var emails = users.EnumerateArray().Select(u => u.GetProperty("email").GetString()).ToList();
        Assert.Contains(DemoUsers.DrMartin, emails);
        Assert.DoesNotContain(DemoUsers.DrPetit, emails);
        Assert.DoesNotContain(DemoUsers.Root, emails);
        Assert.Equal(emails.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.GetValues("X-Total-Count").Single());
        Assert.All(users.EnumerateArray(), u => Assert.False(u.TryGetProperty("password_hash", out _)));

        await (await admin.GetAsync("/api/v1/users?limit=101")).AssertProblem(HttpStatusCode.BadRequest);
        var doctors = await (await admin.GetAsync("/api/v1/users?role=doctor")).AssertOk();
        Assert.All(doctors.EnumerateArray(), u => Assert.Equal("doctor", u.GetProperty("role").GetString()));
    }

    [Fact]
    public async Task Users_of_another_clinic_do_not_exist_for_an_admin()
    {
        using var admin2 = await app.ClientFor(DemoUsers.Admin2);
        var petitId = (await (await admin2.GetAsync("/api/v1/users?role=doctor")).AssertOk()).EnumerateArray().First().GetProperty("id").GetInt32();
        using var admin = await app.ClientFor(DemoUsers.Admin);
        await (await admin.GetAsync($"/api/v1/users/{petitId}")).AssertProblem(HttpStatusCode.NotFound);
        await (await admin.PatchJson($"/api/v1/users/{petitId}", new { is_active = false })).AssertProblem(HttpStatusCode.NotFound);
        await (await admin.PostJson($"/api/v1/users/{petitId}/reset-password", new { })).AssertProblem(HttpStatusCode.NotFound);
        await app.LoginAsync(DemoUsers.DrPetit, KeneyAppFactory.DemoPassword);
    }

    [Theory]
    [InlineData("super_admin")]
    [InlineData("patient")]
    [InlineData("root")]
    public async Task A_tenant_admin_cannot_grant_super_admin_or_patient(string role)
    {
        using var admin = await app.ClientFor(DemoUsers.Admin);
        var email = $"grant.{Guid.NewGuid():N}@demo.keneyapp.test";
        var created = await admin.PostJson("/api/v1/users", new { email, full_name = "Escalation", role, password = StaffAccounts.Password });
        Assert.True((await created.AssertProblem(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("role", out _));

        var existing = await StaffAccounts.IdOf(app, await StaffAccounts.CreateAsync(app, "nurse"));
        var patched = await admin.PatchJson($"/api/v1/users/{existing}", new { role });
        await patched.AssertProblem(HttpStatusCode.BadRequest);
        var after = await (await admin.GetAsync($"/api/v1/users/{existing}")).AssertOk();
        Assert.Equal("nurse", after.GetProperty("role").GetString());
    }

    [Theory]
    [InlineData("tenant_id")]
    [InlineData("id")]
    [InlineData("is_locked")]
    [InlineData("mfa_enabled")]
    [InlineData("password_hash")]
    [InlineData("patient_id")]
    public async Task Server_owned_fields_in_a_user_body_are_refused_by_name_and_create_nothing(string field)
    {
        using var admin = await app.ClientFor(DemoUsers.Admin);
        var email = $"mass.{Guid.NewGuid():N}@demo.keneyapp.test";
        var body = new Dictionary<string, object>
        {
            ["email"] = email,
            ["full_name"] = "Mass Assignment",
            ["role"] = "doctor",
            ["password"] = StaffAccounts.Password,
            [field] = field is "is_locked" or "mfa_enabled" ? true : field == "password_hash" ? "x" : 1,
        };
        var refused = await (await admin.PostJson("/api/v1/users", body)).AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(refused.GetProperty("errors").TryGetProperty(field, out _), refused.ToString());
        using var anonymous = app.Anonymous();
        await (await anonymous.PostAsync("/api/v1/auth/login", AuthenticationTests.Form(email, StaffAccounts.Password))).AssertProblem(HttpStatusCode.Unauthorized);

        var created = await (await admin.PostJson("/api/v1/users", new { email, full_name = "Mass Assignment", role = "doctor", password = StaffAccounts.Password }))
            .AssertOk(HttpStatusCode.Created);
        Assert.False(created.GetProperty("user").GetProperty("is_locked").GetBoolean());
        if (field != "is_locked") // an admin may lock an existing account with PATCH
        {
            var id = created.GetProperty("user").GetProperty("id").GetInt32();
            var patch = new Dictionary<string, object> { ["full_name"] = "Renamed", [field] = body[field] };
            await (await admin.PatchJson($"/api/v1/users/{id}", patch)).AssertProblem(HttpStatusCode.BadRequest);
            Assert.Equal("Mass Assignment", (await (await admin.GetAsync($"/api/v1/users/{id}")).AssertOk()).GetProperty("full_name").GetString());
        }
    }

    [Fact]
    public async Task Bad_input_is_a_validation_problem_and_duplicates_conflict()
    {
        using var admin = await app.ClientFor(DemoUsers.Admin);
        var invalid = await (await admin.PostJson("/api/v1/users", new { email = "not-an-email", full_name = "", role = "doctor", password = "short" }))
            .AssertProblem(HttpStatusCode.BadRequest);
        var errors = invalid.GetProperty("errors");
        Assert.True(errors.TryGetProperty("email", out _));
        Assert.True(errors.TryGetProperty("full_name", out _));
        Assert.True(errors.TryGetProperty("password", out _));
        await (await admin.PostJson("/api/v1/users", new { email = DemoUsers.DrPetit, full_name = "Dup", role = "doctor" })).AssertProblem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Without_a_password_the_server_generates_one_shown_once_and_reset_password_works()
    {
        using var admin = await app.ClientFor(DemoUsers.Admin);
        var email = $"invite.{Guid.NewGuid():N}@demo.keneyapp.test";
        var created = await (await admin.PostJson("/api/v1/users", new { email, full_name = "Invited", role = "receptionist" })).AssertOk(HttpStatusCode.Created);
        var temporary = created.GetProperty("temporary_password").GetString()!;
        var id = created.GetProperty("user").GetProperty("id").GetInt32();
        var session = await app.LoginAsync(email, temporary);
        Assert.DoesNotContain("temporary_password", await (await admin.GetAsync($"/api/v1/users/{id}")).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var reset = await (await admin.PostJson($"/api/v1/users/{id}/reset-password", new { })).AssertOk();
        var next = reset.GetProperty("temporary_password").GetString()!;
        Assert.NotEqual(temporary, next);
        using var anonymous = app.Anonymous();
        await (await anonymous.PostJson("/api/v1/auth/refresh", new { refresh_token = session.RefreshToken })).AssertProblem(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsync("/api/v1/auth/login", AuthenticationTests.Form(email, temporary))).AssertProblem(HttpStatusCode.Unauthorized);
        await app.LoginAsync(email, next);
    }

    [Fact]
    public async Task An_admin_cannot_demote_or_lock_itself()
    {
        using var admin = await app.ClientFor(DemoUsers.Admin);
        var id = (await (await admin.GetAsync("/api/v1/auth/me")).AssertOk()).GetProperty("id").GetInt32();
        await (await admin.PatchJson($"/api/v1/users/{id}", new { role = "doctor" })).AssertProblem(HttpStatusCode.BadRequest);
        await (await admin.PatchJson($"/api/v1/users/{id}", new { is_active = false })).AssertProblem(HttpStatusCode.BadRequest);
        await (await admin.GetAsync("/api/v1/users")).AssertOk();
    }
}

public sealed class UserManagementTestsOnSqlite(SqliteApp app) : UserManagementTests(app), IClassFixture<SqliteApp>;

public sealed class UserManagementTestsOnPostgres(PostgresApp app) : UserManagementTests(app), IClassFixture<PostgresApp>;
