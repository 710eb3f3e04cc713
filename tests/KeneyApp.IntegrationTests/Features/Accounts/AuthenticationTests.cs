using System.Net;
using System.Text.Json;
using KeneyApp.IntegrationTests.Infrastructure;

namespace KeneyApp.IntegrationTests.Features.Accounts;

public abstract class AuthenticationTests(AppFixture app)
{
    public static TheoryData<string> Accounts() => new(DemoUsers.All);

    [Theory]
    [MemberData(nameof(Accounts))]
    public async Task Every_demo_account_logs_in_with_a_form_and_with_json(string email)
    {
        var form = await app.LoginAsync(email, KeneyAppFactory.DemoPassword);
        Assert.Equal("bearer", form.TokenType);
        Assert.Equal(900, form.ExpiresIn);
        using var client = app.Anonymous();
        var json = await (await client.PostJson("/api/v1/auth/login", new { username = email, password = KeneyAppFactory.DemoPassword })).AssertOk();
        Assert.False(string.IsNullOrEmpty(json.GetProperty("access_token").GetString()));
        Assert.False(string.IsNullOrEmpty(json.GetProperty("refresh_token").GetString()));
        using var me = app.WithToken(json.GetProperty("access_token").GetString()!);
        Assert.Equal(email, (await (await me.GetAsync("/api/v1/auth/me")).AssertOk()).GetProperty("email").GetString());
    }

    [Fact]
    public async Task Me_describes_the_caller()
    {
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var me = await (await doctor.GetAsync("/api/v1/auth/me")).AssertOk();
        Assert.Equal("doctor", me.GetProperty("role").GetString());
        Assert.Equal("Dr Pierre Martin", me.GetProperty("full_name").GetString());
        Assert.True(me.GetProperty("tenant_id").GetInt32() > 0);
        Assert.False(me.GetProperty("mfa_enabled").GetBoolean());
        Assert.Equal("fr", me.GetProperty("preferred_language").GetString());
        Assert.False(me.TryGetProperty("patient_id", out _));
        Assert.False(me.TryGetProperty("password_hash", out _));

        using var root = await app.ClientFor(DemoUsers.Root);
        var operatorMe = await (await root.GetAsync("/api/v1/auth/me")).AssertOk();
        Assert.Equal("super_admin", operatorMe.GetProperty("role").GetString());
        Assert.Equal(JsonValueKind.Null, operatorMe.GetProperty("tenant_id").ValueKind);
    }

    [Fact]
    public async Task Unknown_user_and_wrong_password_get_the_same_answer()
    {
        using var client = app.Anonymous();
        var unknown = await (await client.PostAsync("/api/v1/auth/login", Form("nobody@demo.keneyapp.test", "Whatever-password-1"))).AssertProblem(HttpStatusCode.Unauthorized);
        var wrong = await (await client.PostAsync("/api/v1/auth/login", Form(DemoUsers.Nurse, "Wrong-password-123"))).AssertProblem(HttpStatusCode.Unauthorized);
        Assert.Equal(unknown.GetProperty("detail").GetString(), wrong.GetProperty("detail").GetString());
        Assert.Equal(unknown.GetProperty("title").GetString(), wrong.GetProperty("title").GetString());
        Assert.False(wrong.TryGetProperty("remaining_attempts", out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-jwt")]
    [InlineData("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIiwicm9sZSI6ImFkbWluIiwidGVuYW50X2lkIjoiMSJ9.c2lnbmF0dXJl")]
    public async Task Protected_routes_refuse_missing_or_forged_tokens(string? token)
    {
        using var client = token is null ? app.Anonymous() : app.WithToken(token);
        await (await client.GetAsync("/api/v1/auth/me")).AssertProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_refresh_token_works_once_and_its_reuse_ends_the_session()
    {
        var first = await app.LoginAsync(DemoUsers.Nurse, KeneyAppFactory.DemoPassword);
        using var client = app.Anonymous();
        var second = await (await client.PostJson("/api/v1/auth/refresh", new { refresh_token = first.RefreshToken })).AssertOk();
        var rotated = second.GetProperty("refresh_token").GetString()!;
        Assert.NotEqual(first.RefreshToken, rotated);
        using (var me = app.WithToken(second.GetProperty("access_token").GetString()!))
        {
            await (await me.GetAsync("/api/v1/auth/me")).AssertOk();
        }

        // The old token again: refused, and the thief's use kills the rotated one too.
        await (await client.PostJson("/api/v1/auth/refresh", new { refresh_token = first.RefreshToken })).AssertProblem(HttpStatusCode.Unauthorized);
        await (await client.PostJson("/api/v1/auth/refresh", new { refresh_token = rotated })).AssertProblem(HttpStatusCode.Unauthorized);
        await (await client.PostJson("/api/v1/auth/refresh", new { refresh_token = "made-up" })).AssertProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Logout_revokes_the_session()
    {
        var tokens = await app.LoginAsync(DemoUsers.Reception, KeneyAppFactory.DemoPassword);
        using var client = app.WithToken(tokens.AccessToken);
        await (await client.PostAsync("/api/v1/auth/logout", null)).AssertOk(HttpStatusCode.NoContent);
        using var anonymous = app.Anonymous();
        await (await anonymous.PostJson("/api/v1/auth/refresh", new { refresh_token = tokens.RefreshToken })).AssertProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Changing_the_password_ends_other_sessions_and_keeps_this_one()
    {
        var email = await StaffAccounts.CreateAsync(app, "nurse");
        var here = await app.LoginAsync(email, StaffAccounts.Password);
        var elsewhere = await app.LoginAsync(email, StaffAccounts.Password);
        using var client = app.WithToken(here.AccessToken);

        var weak = await client.PostJson("/api/v1/auth/change-password", new { current_password = StaffAccounts.Password, new_password = "short" });
        Assert.True((await weak.AssertProblem(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("new_password", out _));
        var wrong = await client.PostJson("/api/v1/auth/change-password", new { current_password = "Not-the-password-1", new_password = "A-new-long-password-1" });
        await wrong.AssertProblem(HttpStatusCode.BadRequest);

        var ok = await client.PostJson("/api/v1/auth/change-password", new { current_password = StaffAccounts.Password, new_password = "A-new-long-password-1" });
        await ok.AssertOk(HttpStatusCode.NoContent);

        using var anonymous = app.Anonymous();
        await (await anonymous.PostJson("/api/v1/auth/refresh", new { refresh_token = elsewhere.RefreshToken })).AssertProblem(HttpStatusCode.Unauthorized);
        await (await anonymous.PostJson("/api/v1/auth/refresh", new { refresh_token = here.RefreshToken })).AssertOk();
        await (await anonymous.PostAsync("/api/v1/auth/login", Form(email, StaffAccounts.Password))).AssertProblem(HttpStatusCode.Unauthorized);
        await app.LoginAsync(email, "A-new-long-password-1");
    }

    [Theory]
    [InlineData("/api/v1/auth/register")]
    [InlineData("/api/v1/auth/signup")]
    [InlineData("/api/v1/users/register")]
    public async Task There_is_no_self_registration(string path)
    {
        using var client = app.Anonymous();
        var body = new { email = "intruder@evil.test", password = "Intruder-password-1", role = "super_admin", full_name = "X", tenant_id = 1 };
        var response = await client.PostJson(path, body);
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.Unauthorized, HttpStatusCode.MethodNotAllowed });
        var anonymousCreate = await client.PostJson("/api/v1/users", body);
        await anonymousCreate.AssertProblem(HttpStatusCode.Unauthorized);
        using var patient = await app.ClientFor(DemoUsers.JeanDupont);
        await (await patient.PostJson("/api/v1/users", body)).AssertProblem(HttpStatusCode.Forbidden);
        await (await client.PostAsync("/api/v1/auth/login", Form("intruder@evil.test", "Intruder-password-1"))).AssertProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Login_with_an_unsupported_content_type_is_415()
    {
        using var client = app.Anonymous();
        var response = await client.PostAsync("/api/v1/auth/login", new StringContent("username=a&password=b", System.Text.Encoding.UTF8, "text/plain"));
        await response.AssertProblem(HttpStatusCode.UnsupportedMediaType);
    }

    internal static FormUrlEncodedContent Form(string username, string password, string? otp = null)
    {
        var fields = new Dictionary<string, string> { ["username"] = username, ["password"] = password };
        if (otp is not null)
        {
            fields["otp"] = otp;
        }
        return new FormUrlEncodedContent(fields);
    }
}

public sealed class AuthenticationTestsOnSqlite(SqliteApp app) : AuthenticationTests(app), IClassFixture<SqliteApp>;

public sealed class AuthenticationTestsOnPostgres(PostgresApp app) : AuthenticationTests(app), IClassFixture<PostgresApp>;
