using System.Net;
using KeneyApp.IntegrationTests.Infrastructure;
using OtpNet;

namespace KeneyApp.IntegrationTests.Features.Accounts;

/// <summary>
/// One lockout for every check of the owner's secrets: attempts are taken before a password is verified (parallel
/// guesses cannot outnumber the five allowed), re-authentication counts too, and a lockout never ends the
/// owner's session. Each test moves the fixture's clock, and uses accounts of its own.
/// </summary>
public abstract class AttemptLimitTests(AppFixture app)
{
    private async Task<int> CountFailedLoginsAsync(int userId, string reason)
    {
        using var admin = await app.ClientFor(DemoUsers.Admin);
        var entries = await (await admin.GetAsync($"/api/v1/audit?action=login_failed&resource_type=user&resource_id={userId}&limit=100")).AssertOk();
        return entries.EnumerateArray().Count(e => e.GetProperty("details").GetString() == $"reason={reason}");
    }

    [Fact]
    public async Task Fifty_parallel_wrong_passwords_get_at_most_five_checks_and_the_right_one_then_waits()
    {
        var email = await StaffAccounts.CreateAsync(app, "nurse");
        var id = await StaffAccounts.IdOf(app, email);
        using var client = app.Anonymous();
        var guesses = Enumerable.Range(0, 50).Select(i => client.PostAsync("/api/v1/auth/login", AuthenticationTests.Form(email, "Wrong-guess-" + i)));
        Assert.All(await Task.WhenAll(guesses), r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        await (await client.PostAsync("/api/v1/auth/login", AuthenticationTests.Form(email, StaffAccounts.Password))).AssertProblem(HttpStatusCode.Unauthorized);

        var verified = await CountFailedLoginsAsync(id, "bad_password");
        Assert.True(verified is > 0 and <= 5, $"{verified} wrong passwords were checked");
        Assert.Equal(51 - verified, await CountFailedLoginsAsync(id, "locked_out"));
        app.Factory.Clock.Advance(PasswordLockout);
        await app.LoginAsync(email, StaffAccounts.Password);
    }

    private static readonly TimeSpan PasswordLockout = TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_lockout_does_not_end_or_stall_the_owners_session()
    {
        var email = await StaffAccounts.CreateAsync(app, "doctor");
        var id = await StaffAccounts.IdOf(app, email);
        var session = await app.LoginAsync(email, StaffAccounts.Password);
        using var anonymous = app.Anonymous();
        for (var i = 0; i < 5; i++)
        {
            await (await anonymous.PostAsync("/api/v1/auth/login", AuthenticationTests.Form(email, "Wrong-guess-" + i))).AssertProblem(HttpStatusCode.Unauthorized);
        }
        await (await anonymous.PostAsync("/api/v1/auth/login", AuthenticationTests.Form(email, StaffAccounts.Password))).AssertProblem(HttpStatusCode.Unauthorized);

        // The owner's client keeps working, and its refresh (even a retry after a lost answer) is no theft alarm.
        using var owner = app.WithToken(session.AccessToken);
        await (await owner.GetAsync("/api/v1/auth/me")).AssertOk();
        var renewed = await (await anonymous.PostJson("/api/v1/auth/refresh", new { refresh_token = session.RefreshToken })).AssertOk();
        using var renewedClient = app.WithToken(renewed.GetProperty("access_token").GetString()!);
        await (await renewedClient.GetAsync("/api/v1/auth/me")).AssertOk();
        await (await anonymous.PostJson("/api/v1/auth/refresh", new { refresh_token = renewed.GetProperty("refresh_token").GetString() })).AssertOk();

        using var admin = await app.ClientFor(DemoUsers.Admin);
        var reuse = await (await admin.GetAsync($"/api/v1/audit?action=token_reuse&user_id={id}")).AssertOk();
        Assert.Equal(0, reuse.GetArrayLength());
    }

    [Fact]
    public async Task Wrong_current_passwords_for_a_password_change_count_toward_the_lockout()
    {
        var email = await StaffAccounts.CreateAsync(app, "receptionist");
        using var client = app.WithToken((await app.LoginAsync(email, StaffAccounts.Password)).AccessToken);
        for (var i = 0; i < 5; i++)
        {
            await (await client.PostJson("/api/v1/auth/change-password", new { current_password = "Wrong-guess-" + i, new_password = "New-password-2026" }))
                .AssertProblem(HttpStatusCode.BadRequest);
        }
        // Locked now: even the right password is not checked, here or at login.
        await (await client.PostJson("/api/v1/auth/change-password", new { current_password = StaffAccounts.Password, new_password = "New-password-2026" }))
            .AssertProblem(HttpStatusCode.TooManyRequests);
        using var anonymous = app.Anonymous();
        await (await anonymous.PostAsync("/api/v1/auth/login", AuthenticationTests.Form(email, StaffAccounts.Password))).AssertProblem(HttpStatusCode.Unauthorized);
        app.Factory.Clock.Advance(PasswordLockout);
        await (await client.PostJson("/api/v1/auth/change-password", new { current_password = StaffAccounts.Password, new_password = "New-password-2026" }))
            .AssertOk(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Wrong_passwords_for_mfa_setup_count_toward_the_lockout()
    {
        var email = await StaffAccounts.CreateAsync(app, "nurse");
        using var client = app.WithToken((await app.LoginAsync(email, StaffAccounts.Password)).AccessToken);
        for (var i = 0; i < 5; i++)
        {
            await (await client.PostJson("/api/v1/auth/mfa/setup", new { current_password = "Wrong-guess-" + i })).AssertProblem(HttpStatusCode.BadRequest);
        }
        await (await client.PostJson("/api/v1/auth/mfa/setup", new { current_password = StaffAccounts.Password })).AssertProblem(HttpStatusCode.TooManyRequests);
        using var anonymous = app.Anonymous();
        await (await anonymous.PostAsync("/api/v1/auth/login", AuthenticationTests.Form(email, StaffAccounts.Password))).AssertProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Wrong_codes_to_turn_mfa_off_count_toward_the_lockout()
    {
        var email = await StaffAccounts.CreateAsync(app, "doctor");
        using var client = app.WithToken((await app.LoginAsync(email, StaffAccounts.Password)).AccessToken);
        var secret = (await (await client.PostJson("/api/v1/auth/mfa/setup", new { current_password = StaffAccounts.Password })).AssertOk())
            .GetProperty("secret").GetString()!;
        var totp = new Totp(Base32Encoding.ToBytes(secret));
        await (await client.PostJson("/api/v1/auth/mfa/activate", new { code = totp.ComputeTotp(app.Factory.Clock.GetUtcNow().UtcDateTime) })).AssertOk();
        app.Factory.Clock.Advance(TimeSpan.FromSeconds(90));
        var right = totp.ComputeTotp(app.Factory.Clock.GetUtcNow().UtcDateTime);
        var wrong = Enumerable.Range(0, 5).Select(i => ((int.Parse(right, System.Globalization.CultureInfo.InvariantCulture) + 1 + i) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture));
        foreach (var code in wrong)
        {
            await (await client.PostJson("/api/v1/auth/mfa/disable", new { code })).AssertProblem(HttpStatusCode.BadRequest);
        }
        await (await client.PostJson("/api/v1/auth/mfa/disable", new { code = right })).AssertProblem(HttpStatusCode.TooManyRequests);
        Assert.True((await (await client.GetAsync("/api/v1/auth/me")).AssertOk()).GetProperty("mfa_enabled").GetBoolean());
    }
}

public sealed class AttemptLimitTestsOnSqlite(SqliteApp app) : AttemptLimitTests(app), IClassFixture<SqliteApp>;

public sealed class AttemptLimitTestsOnPostgres(PostgresApp app) : AttemptLimitTests(app), IClassFixture<PostgresApp>;
