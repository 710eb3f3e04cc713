using System.Net;
using KeneyApp.IntegrationTests.Infrastructure;
using OtpNet;

namespace KeneyApp.IntegrationTests.Features.Accounts;

/// <summary>
/// What a clinic's admin does beyond accounts, on both databases: resetting a user's two-factor sign-in (the user
/// lost the device) and the clinic's own settings. Only the admin, only its own clinic.
/// </summary>
public abstract class ClinicAdministrationTests(AppFixture app)
{
    [Fact]
    public async Task An_admin_resets_a_lost_second_factor_which_ends_the_users_sessions()
    {
        var email = await StaffAccounts.CreateAsync(app, "nurse");
        var id = await StaffAccounts.IdOf(app, email);
        var tokens = await app.LoginAsync(email, StaffAccounts.Password);
        using (var nurse = app.WithToken(tokens.AccessToken))
        {
            var secret = (await (await nurse.PostJson("/api/v1/auth/mfa/setup", new { current_password = StaffAccounts.Password })).AssertOk())
                .GetProperty("secret").GetString()!;
            var code = new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(app.Factory.Clock.GetUtcNow().UtcDateTime);
            await (await nurse.PostJson("/api/v1/auth/mfa/activate", new { code })).AssertOk();
        }

        using (var doctor = await app.ClientFor(DemoUsers.DrMartin))
        {
            await (await doctor.PostAsync($"/api/v1/users/{id}/reset-mfa", null)).AssertProblem(HttpStatusCode.Forbidden);
        }
        using (var otherAdmin = await app.ClientFor(DemoUsers.Admin2))
        {
            await (await otherAdmin.PostAsync($"/api/v1/users/{id}/reset-mfa", null)).AssertProblem(HttpStatusCode.NotFound);
        }
        using var anonymous = app.Anonymous();
        var stillNeedsCode = await (await anonymous.PostAsync("/api/v1/auth/login", AuthenticationTests.Form(email, StaffAccounts.Password)))
            .AssertProblem(HttpStatusCode.Unauthorized);
        Assert.True(stillNeedsCode.GetProperty("mfa_required").GetBoolean());

        using var admin = await app.ClientFor(DemoUsers.Admin);
        // Not one's own: that takes a code from the device (POST /auth/mfa/disable).
        await (await admin.PostAsync($"/api/v1/users/{await Clinic.UserIdAsync(app, DemoUsers.Admin)}/reset-mfa", null)).AssertProblem(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/v1/users/{id}/reset-mfa", null)).StatusCode);
        await (await admin.PostAsync($"/api/v1/users/{id}/reset-mfa", null)).AssertProblem(HttpStatusCode.Conflict);
        using (var oldSession = app.WithToken(tokens.AccessToken))
        {
            await (await oldSession.GetAsync("/api/v1/auth/me")).AssertProblem(HttpStatusCode.Unauthorized);
        }
        await app.LoginAsync(email, StaffAccounts.Password);
        var user = await (await admin.GetAsync($"/api/v1/users/{id}")).AssertOk();
        Assert.False(user.GetProperty("mfa_enabled").GetBoolean());
        Assert.Equal("1", (await app.RawRowAsync($"SELECT CAST(COUNT(*) AS TEXT) FROM audit_entries WHERE action = 'mfa_disable' AND resource_id = '{id}' AND details = 'reset_by_admin'")).Single());
        Assert.Equal("0", (await app.RawRowAsync($"SELECT CAST(COUNT(*) AS TEXT) FROM recovery_codes WHERE user_id = {id}")).Single());
    }

    [Fact]
    public async Task An_admin_changes_its_own_clinics_time_zone_with_the_operators_rules_and_nobody_else_may()
    {
        using var admin = await app.ClientFor(DemoUsers.Admin2);
        var clinic = await (await admin.GetAsync("/api/v1/clinic")).AssertOk();
        Assert.Equal("demo2", clinic.GetProperty("slug").GetString());

        var invalid = await (await admin.PatchJson("/api/v1/clinic", new { default_timezone = "Mars/Olympus" })).AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(invalid.GetProperty("errors").TryGetProperty("default_timezone", out _));
        var unknown = await (await admin.PatchJson("/api/v1/clinic", new { is_active = false })).AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(unknown.GetProperty("errors").TryGetProperty("is_active", out _));

        var changed = await (await admin.PatchJson("/api/v1/clinic", new { default_timezone = "America/Martinique", contact_email = "accueil@demo2.example" })).AssertOk();
        Assert.Equal("America/Martinique", changed.GetProperty("default_timezone").GetString());
        Assert.True(changed.GetProperty("is_active").GetBoolean());
        using (var other = await app.ClientFor(DemoUsers.Admin))
        {
            Assert.NotEqual("America/Martinique", (await (await other.GetAsync("/api/v1/clinic")).AssertOk()).GetProperty("default_timezone").GetString());
        }
        foreach (var role in new[] { DemoUsers.DrPetit, DemoUsers.PaulDurand })
        {
            using var notAdmin = await app.ClientFor(role);
            await (await notAdmin.PatchJson("/api/v1/clinic", new { default_timezone = "UTC" })).AssertProblem(HttpStatusCode.Forbidden);
        }
        await (await admin.PatchJson("/api/v1/clinic", new { default_timezone = "Europe/Paris" })).AssertOk();
    }
}

public sealed class ClinicAdministrationTestsOnSqlite(SqliteApp app) : ClinicAdministrationTests(app), IClassFixture<SqliteApp>;

public sealed class ClinicAdministrationTestsOnPostgres(PostgresApp app) : ClinicAdministrationTests(app), IClassFixture<PostgresApp>;
