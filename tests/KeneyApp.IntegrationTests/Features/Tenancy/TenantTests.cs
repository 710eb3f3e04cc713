using System.Net;
using KeneyApp.IntegrationTests.Features.Accounts;
using KeneyApp.IntegrationTests.Infrastructure;

namespace KeneyApp.IntegrationTests.Features.Tenancy;

public abstract class TenantTests(AppFixture app)
{
    [Fact]
    public async Task The_platform_operator_opens_a_clinic_whose_admin_can_log_in_and_sees_only_it()
    {
        using var root = await app.ClientFor(DemoUsers.Root);
        var slug = "clinic-" + Guid.NewGuid().ToString("N")[..8];
        var adminEmail = $"admin@{slug}.test";
        var response = await root.PostJson("/api/v1/tenants", new
        {
            name = "Clinique du Parc",
            slug,
            contact_email = "contact@parc.test",
            default_timezone = "Europe/Paris",
            default_language = "fr",
            admin = new { email = adminEmail, full_name = "Admin Parc", password = StaffAccounts.Password },
        });
        var created = await response.AssertOk(HttpStatusCode.Created);
        var tenantId = created.GetProperty("tenant").GetProperty("id").GetInt32();
        Assert.Equal($"/api/v1/tenants/{tenantId}", response.Headers.Location?.OriginalString);

        var tokens = await app.LoginAsync(adminEmail, StaffAccounts.Password);
        using var admin = app.WithToken(tokens.AccessToken);
        var me = await (await admin.GetAsync("/api/v1/auth/me")).AssertOk();
        Assert.Equal(("admin", tenantId), (me.GetProperty("role").GetString(), me.GetProperty("tenant_id").GetInt32()));
        var users = await (await admin.GetAsync("/api/v1/users")).AssertOk();
        Assert.Single(users.EnumerateArray());

        var fetched = await (await root.GetAsync($"/api/v1/tenants/{tenantId}")).AssertOk();
        Assert.Equal("Clinique du Parc", fetched.GetProperty("name").GetString());
        var list = await root.GetAsync("/api/v1/tenants");
        Assert.True(int.Parse(list.Headers.GetValues("X-Total-Count").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 3);
    }

    [Fact]
    public async Task A_deactivated_clinic_cannot_log_in()
    {
        using var root = await app.ClientFor(DemoUsers.Root);
        var slug = "closing-" + Guid.NewGuid().ToString("N")[..8];
        var adminEmail = $"admin@{slug}.test";
        var created = await (await root.PostJson("/api/v1/tenants", new
        {
            name = "Fermeture",
            slug,
            admin = new { email = adminEmail, full_name = "Admin", password = StaffAccounts.Password },
        })).AssertOk(HttpStatusCode.Created);
        var id = created.GetProperty("tenant").GetProperty("id").GetInt32();
        var session = await app.LoginAsync(adminEmail, StaffAccounts.Password);
        await (await root.PatchJson($"/api/v1/tenants/{id}", new { is_active = false })).AssertOk();
        using var anonymous = app.Anonymous();
        await (await anonymous.PostAsync("/api/v1/auth/login", AuthenticationTests.Form(adminEmail, StaffAccounts.Password))).AssertProblem(HttpStatusCode.Unauthorized);
        await (await anonymous.PostJson("/api/v1/auth/refresh", new { refresh_token = session.RefreshToken })).AssertProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Bad_clinic_input_is_refused_and_slugs_are_unique()
    {
        using var root = await app.ClientFor(DemoUsers.Root);
        var invalid = await (await root.PostJson("/api/v1/tenants", new { name = "", slug = "Not A Slug", default_timezone = "Mars/Olympus", default_language = "de" }))
            .AssertProblem(HttpStatusCode.BadRequest);
        foreach (var field in new[] { "name", "slug", "default_timezone", "default_language" })
        {
            Assert.True(invalid.GetProperty("errors").TryGetProperty(field, out _), field);
        }
        await (await root.PostJson("/api/v1/tenants", new { name = "Again", slug = "demo" })).AssertProblem(HttpStatusCode.Conflict);
        await (await root.GetAsync("/api/v1/tenants/999999")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(DemoUsers.Admin)]
    [InlineData(DemoUsers.DrMartin)]
    [InlineData(DemoUsers.JeanDupont)]
    public async Task Only_the_platform_operator_manages_clinics(string email)
    {
        using var client = await app.ClientFor(email);
        await (await client.GetAsync("/api/v1/tenants")).AssertProblem(HttpStatusCode.Forbidden);
        await (await client.PostJson("/api/v1/tenants", new { name = "Mine", slug = "mine" })).AssertProblem(HttpStatusCode.Forbidden);
        await (await client.PatchJson("/api/v1/tenants/1", new { is_active = false })).AssertProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_platform_operator_verifies_the_platform_audit_chain()
    {
        using var anonymous = app.Anonymous();
        await anonymous.PostAsync("/api/v1/auth/login", AuthenticationTests.Form("nobody@nowhere.test", "Wrong-password-1"));
        using var root = await app.ClientFor(DemoUsers.Root);
        var result = await (await root.GetAsync("/api/v1/audit/platform/verify")).AssertOk();
        Assert.True(result.GetProperty("valid").GetBoolean());
        Assert.True(result.GetProperty("entries_checked").GetInt64() >= 2);
        using var admin = await app.ClientFor(DemoUsers.Admin);
        await (await admin.GetAsync("/api/v1/audit/platform/verify")).AssertProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_platform_operator_reads_no_clinic_data()
    {
        using var root = await app.ClientFor(DemoUsers.Root);
        await (await root.GetAsync("/api/v1/audit")).AssertProblem(HttpStatusCode.Forbidden);
        await (await root.GetAsync("/api/v1/users")).AssertProblem(HttpStatusCode.Forbidden);
    }
}

public sealed class TenantTestsOnSqlite(SqliteApp app) : TenantTests(app), IClassFixture<SqliteApp>;

public sealed class TenantTestsOnPostgres(PostgresApp app) : TenantTests(app), IClassFixture<PostgresApp>;
