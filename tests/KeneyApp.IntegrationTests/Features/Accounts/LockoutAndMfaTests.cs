using System.Net;
using KeneyApp.IntegrationTests.Infrastructure;
using KeneyApp.Platform.Security;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OtpNet;

namespace KeneyApp.IntegrationTests.Features.Accounts;

/// <summary>Tests that move the fixture's clock; they use accounts of their own.</summary>
public abstract class LockoutAndMfaTests(AppFixture app)
{
    [Fact]
    public async Task Five_bad_passwords_lock_the_account_for_fifteen_minutes_not_for_good()
    {
        var email = await StaffAccounts.CreateAsync(app, "receptionist");
        using var client = app.Anonymous();
        for (var i = 0; i < 5; i++)
        {
            await (await client.PostAsync("/api/v1/auth/login", AuthenticationTests.Form(email, "Wrong-password-" + i))).AssertProblem(HttpStatusCode.Unauthorized);
        }
        var locked = await (await client.PostAsync("/api/v1/auth/login", AuthenticationTests.Form(email, StaffAccounts.Password))).AssertProblem(HttpStatusCode.Unauthorized);
        var wrong = await (await client.PostAsync("/api/v1/auth/login", AuthenticationTests.Form(DemoUsers.DrLeroy, "Wrong-password-x"))).AssertProblem(HttpStatusCode.Unauthorized);
        Assert.Equal(wrong.GetProperty("detail").GetString(), locked.GetProperty("detail").GetString());

        app.Factory.Clock.Advance(TimeSpan.FromMinutes(14));
        await (await client.PostAsync("/api/v1/auth/login", AuthenticationTests.Form(email, StaffAccounts.Password))).AssertProblem(HttpStatusCode.Unauthorized);
        app.Factory.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        await app.LoginAsync(email, StaffAccounts.Password);
    }

    /// <summary>Validated access tokens are remembered (ValidatedTokenCache): that must not let one outlive its expiry.</summary>
    [Fact]
    public async Task An_access_token_in_use_stops_working_when_it_expires()
    {
        var email = await StaffAccounts.CreateAsync(app, "nurse");
        var session = await app.LoginAsync(email, StaffAccounts.Password);
        using var client = app.WithToken(session.AccessToken);
        var cache = (ValidatedTokenCache)app.Factory.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>()
            .Get(JwtBearerDefaults.AuthenticationScheme).TokenHandlers.Single();
        await (await client.GetAsync("/api/v1/auth/me")).AssertOk();
        var hitsBefore = cache.Hits;
        await (await client.GetAsync("/api/v1/auth/me")).AssertOk();
        Assert.True(cache.Hits > hitsBefore, "the second request with the same token was validated in full again");

        app.Factory.Clock.Advance(TimeSpan.FromMinutes(15));
        await (await client.GetAsync("/api/v1/auth/me")).AssertOk(); // within the 30 s of clock skew allowed
        app.Factory.Clock.Advance(TimeSpan.FromSeconds(31));
        await (await client.GetAsync("/api/v1/auth/me")).AssertProblem(HttpStatusCode.Unauthorized);
        await (await client.GetAsync("/api/v1/auth/me")).AssertProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_tampered_copy_of_a_token_in_use_is_refused()
    {
        var email = await StaffAccounts.CreateAsync(app, "doctor");
        var session = await app.LoginAsync(email, StaffAccounts.Password);
        using var client = app.WithToken(session.AccessToken);
        await (await client.GetAsync("/api/v1/auth/me")).AssertOk();

        var parts = session.AccessToken.Split('.');
        var payload = System.Text.Encoding.UTF8.GetString(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(parts[1]));
        var raised = payload.Replace("\"role\":\"doctor\"", "\"role\":\"admin\"", StringComparison.Ordinal);
        Assert.NotEqual(payload, raised);
        var forgedPayload = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(raised);
        // A character inside the signature (the last one also holds unused bits).
        var signature = parts[2].ToCharArray();
        signature[10] = signature[10] == 'A' ? 'B' : 'A';
        foreach (var forged in new[] { $"{parts[0]}.{forgedPayload}.{parts[2]}", $"{parts[0]}.{parts[1]}.{new string(signature)}" })
        {
            using var thief = app.WithToken(forged);
            await (await thief.GetAsync("/api/v1/auth/me")).AssertProblem(HttpStatusCode.Unauthorized);
        }
        await (await client.GetAsync("/api/v1/auth/me")).AssertOk();
    }

    [Fact]
    public async Task Concurrent_use_of_one_refresh_token_ends_the_session()
    {
        var email = await StaffAccounts.CreateAsync(app, "doctor");
        var session = await app.LoginAsync(email, StaffAccounts.Password);
        using var client = app.Anonymous();
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.PostJson("/api/v1/auth/refresh", new { refresh_token = session.RefreshToken })));
        var winners = answers.Where(a => a.StatusCode == HttpStatusCode.OK).ToList();
        Assert.True(winners.Count <= 1, $"{winners.Count} concurrent refreshes succeeded");
        foreach (var winner in winners)
        {
            var rotated = (await winner.AssertOk()).GetProperty("refresh_token").GetString();
            await (await client.PostJson("/api/v1/auth/refresh", new { refresh_token = rotated })).AssertProblem(HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task A_session_ends_thirty_days_after_login_however_often_it_is_refreshed()
    {
        var email = await StaffAccounts.CreateAsync(app, "receptionist");
        var refresh = (await app.LoginAsync(email, StaffAccounts.Password)).RefreshToken;
        using var client = app.Anonymous();
        for (var day = 0; day < 3; day++)
        {
            app.Factory.Clock.Advance(TimeSpan.FromDays(13));
            var answer = await client.PostJson("/api/v1/auth/refresh", new { refresh_token = refresh });
            if (day < 2)
            {
                refresh = (await answer.AssertOk()).GetProperty("refresh_token").GetString()!;
            }
            else
            {
                await answer.AssertProblem(HttpStatusCode.Unauthorized);
            }
        }
    }

    [Fact]
    public async Task An_account_locked_or_deactivated_by_an_admin_cannot_log_in_until_unlocked()
    {
        var email = await StaffAccounts.CreateAsync(app, "doctor");
        var id = await StaffAccounts.IdOf(app, email);
        var session = await app.LoginAsync(email, StaffAccounts.Password);
        using var admin = await app.ClientFor(DemoUsers.Admin);
        using var anonymous = app.Anonymous();

        await (await admin.PatchJson($"/api/v1/users/{id}", new { is_locked = true })).AssertOk();
        await (await anonymous.PostAsync("/api/v1/auth/login", AuthenticationTests.Form(email, StaffAccounts.Password))).AssertProblem(HttpStatusCode.Unauthorized);
        await (await anonymous.PostJson("/api/v1/auth/refresh", new { refresh_token = session.RefreshToken })).AssertProblem(HttpStatusCode.Unauthorized);

        await (await admin.PatchJson($"/api/v1/users/{id}", new { is_locked = false })).AssertOk();
        await app.LoginAsync(email, StaffAccounts.Password);

        await (await admin.PatchJson($"/api/v1/users/{id}", new { is_active = false })).AssertOk();
        await (await anonymous.PostAsync("/api/v1/auth/login", AuthenticationTests.Form(email, StaffAccounts.Password))).AssertProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Access_tokens_expire_after_fifteen_minutes()
    {
        var email = await StaffAccounts.CreateAsync(app, "nurse");
        var tokens = await app.LoginAsync(email, StaffAccounts.Password);
        using var client = app.WithToken(tokens.AccessToken);
        await (await client.GetAsync("/api/v1/auth/me")).AssertOk();
        app.Factory.Clock.Advance(TimeSpan.FromMinutes(16));
        await (await client.GetAsync("/api/v1/auth/me")).AssertProblem(HttpStatusCode.Unauthorized);
        using var anonymous = app.Anonymous();
        await (await anonymous.PostJson("/api/v1/auth/refresh", new { refresh_token = tokens.RefreshToken })).AssertOk();
    }

    [Fact]
    public async Task Mfa_enrolment_login_with_codes_no_replay_and_single_use_recovery_codes()
    {
        var email = await StaffAccounts.CreateAsync(app, "doctor");
        using var client = app.WithToken((await app.LoginAsync(email, StaffAccounts.Password)).AccessToken);
        await (await client.PostJson("/api/v1/auth/mfa/setup", new { current_password = "Not-the-password-1" })).AssertProblem(HttpStatusCode.BadRequest);
        var setup = await (await client.PostJson("/api/v1/auth/mfa/setup", new { current_password = StaffAccounts.Password })).AssertOk();
        var secret = setup.GetProperty("secret").GetString()!;
        Assert.StartsWith("otpauth://totp/KeneyApp:", setup.GetProperty("otpauth_uri").GetString(), StringComparison.Ordinal);
        var totp = new Totp(Base32Encoding.ToBytes(secret));
        string Code() => totp.ComputeTotp(app.Factory.Clock.GetUtcNow().UtcDateTime);

        await (await client.PostJson("/api/v1/auth/mfa/activate", new { code = "000000" == Code() ? "111111" : "000000" })).AssertProblem(HttpStatusCode.BadRequest);
        var activation = await (await client.PostJson("/api/v1/auth/mfa/activate", new { code = Code() })).AssertOk();
        var recovery = activation.GetProperty("recovery_codes").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.Equal(10, recovery.Distinct().Count());

        using var anonymous = app.Anonymous();
        var needsCode = await (await anonymous.PostAsync("/api/v1/auth/login", AuthenticationTests.Form(email, StaffAccounts.Password))).AssertProblem(HttpStatusCode.Unauthorized);
        Assert.True(needsCode.GetProperty("mfa_required").GetBoolean());
        // The code used to activate cannot be used again.
        await (await anonymous.PostAsync("/api/v1/auth/login", AuthenticationTests.Form(email, StaffAccounts.Password, Code()))).AssertProblem(HttpStatusCode.Unauthorized);

        app.Factory.Clock.Advance(TimeSpan.FromSeconds(30));
        var fresh = Code();
        await app.LoginAsync(email, StaffAccounts.Password, fresh);
        await (await anonymous.PostAsync("/api/v1/auth/login", AuthenticationTests.Form(email, StaffAccounts.Password, fresh))).AssertProblem(HttpStatusCode.Unauthorized);

        await app.LoginAsync(email, StaffAccounts.Password, recovery[0]);
        await (await anonymous.PostAsync("/api/v1/auth/login", AuthenticationTests.Form(email, StaffAccounts.Password, recovery[0]))).AssertProblem(HttpStatusCode.Unauthorized);

        var me = await (await client.GetAsync("/api/v1/auth/me")).AssertOk();
        Assert.True(me.GetProperty("mfa_enabled").GetBoolean());
        await (await client.PostJson("/api/v1/auth/mfa/disable", new { code = recovery[1] })).AssertOk(HttpStatusCode.NoContent);
        await app.LoginAsync(email, StaffAccounts.Password);
    }
}

public sealed class LockoutAndMfaTestsOnSqlite(SqliteApp app) : LockoutAndMfaTests(app), IClassFixture<SqliteApp>;

public sealed class LockoutAndMfaTestsOnPostgres(PostgresApp app) : LockoutAndMfaTests(app), IClassFixture<PostgresApp>;
