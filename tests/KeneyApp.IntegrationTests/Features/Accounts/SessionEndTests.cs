using System.Net;
using KeneyApp.IntegrationTests.Infrastructure;
using KeneyApp.Platform.Security;
using Microsoft.Extensions.DependencyInjection;

namespace KeneyApp.IntegrationTests.Features.Accounts;

/// <summary>
/// A session ends for both tokens at once: each event below makes the access token already in a client's hands
/// answer 401 on its very next request (not when it expires), and its refresh token die with it.
/// </summary>
public abstract class SessionEndTests(AppFixture app)
{
    private async Task<(string Email, TokenPair Session, HttpClient Client)> SignedInAsync(string role)
    {
        var email = await StaffAccounts.CreateAsync(app, role);
        var session = await app.LoginAsync(email, StaffAccounts.Password);
        var client = app.WithToken(session.AccessToken);
        await (await client.GetAsync("/api/v1/auth/me")).AssertOk(); // the session is now remembered as open
        return (email, session, client);
    }

    private async Task AssertEndedAsync(HttpClient client, TokenPair session)
    {
        await (await client.GetAsync("/api/v1/auth/me")).AssertProblem(HttpStatusCode.Unauthorized);
        using var anonymous = app.Anonymous();
        await (await anonymous.PostJson("/api/v1/auth/refresh", new { refresh_token = session.RefreshToken })).AssertProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Logout_ends_the_access_token_at_once()
    {
        var (_, session, client) = await SignedInAsync("nurse");
        await (await client.PostAsync("/api/v1/auth/logout", null)).AssertOk(HttpStatusCode.NoContent);
        await AssertEndedAsync(client, session);
    }

    [Fact]
    public async Task A_password_change_ends_the_other_sessions_at_once_and_keeps_this_one()
    {
        var (email, other, otherClient) = await SignedInAsync("doctor");
        using var current = app.WithToken((await app.LoginAsync(email, StaffAccounts.Password)).AccessToken);
        await (await current.PostJson("/api/v1/auth/change-password", new { current_password = StaffAccounts.Password, new_password = "Another-password-2026" }))
            .AssertOk(HttpStatusCode.NoContent);
        await AssertEndedAsync(otherClient, other);
        await (await current.GetAsync("/api/v1/auth/me")).AssertOk();
    }

    [Theory]
    [InlineData("{\"is_active\":false}")]
    [InlineData("{\"is_locked\":true}")]
    [InlineData("{\"role\":\"receptionist\"}")]
    public async Task An_admin_change_to_the_account_ends_its_access_token_at_once(string patch)
    {
        var (email, session, client) = await SignedInAsync("doctor");
        var id = await StaffAccounts.IdOf(app, email);
        using var admin = await app.ClientFor(DemoUsers.Admin);
        var response = await admin.PatchAsync($"/api/v1/users/{id}", new StringContent(patch, System.Text.Encoding.UTF8, "application/json"));
        await response.AssertOk();
        await AssertEndedAsync(client, session);
    }

    [Fact]
    public async Task A_password_reset_by_an_admin_ends_the_access_token_at_once()
    {
        var (email, session, client) = await SignedInAsync("receptionist");
        var id = await StaffAccounts.IdOf(app, email);
        using var admin = await app.ClientFor(DemoUsers.Admin);
        await (await admin.PostJson($"/api/v1/users/{id}/reset-password", new { new_password = "Reset-password-2026" })).AssertOk();
        await AssertEndedAsync(client, session);
    }

    [Fact]
    public async Task Closing_the_clinic_ends_its_members_access_tokens_at_once()
    {
        var (tenantId, adminEmail) = await Clinic.NewClinicAsync(app, "closing");
        var session = await app.LoginAsync(adminEmail, StaffAccounts.Password);
        using var client = app.WithToken(session.AccessToken);
        await (await client.GetAsync("/api/v1/users")).AssertOk();
        using var root = await app.ClientFor(DemoUsers.Root);
        await (await root.PatchJson($"/api/v1/tenants/{tenantId}", new { is_active = false })).AssertOk();
        await AssertEndedAsync(client, session);
    }

    [Fact]
    public async Task An_open_session_is_remembered_not_looked_up_on_every_request()
    {
        var (_, _, client) = await SignedInAsync("nurse");
        var check = app.Factory.Services.GetRequiredService<SessionCheck>();
        var misses = check.Misses;
        for (var i = 0; i < 5; i++)
        {
            await (await client.GetAsync("/api/v1/auth/me")).AssertOk();
        }
        Assert.Equal(misses, check.Misses);
        // ...and still re-checked after a while, whatever happened meanwhile.
        app.Factory.Clock.Advance(SessionCheck.MaxAge);
        await (await client.GetAsync("/api/v1/auth/me")).AssertOk();
        Assert.True(check.Misses > misses);
        client.Dispose();
    }
}

public sealed class SessionEndTestsOnSqlite(SqliteApp app) : SessionEndTests(app), IClassFixture<SqliteApp>;

public sealed class SessionEndTestsOnPostgres(PostgresApp app) : SessionEndTests(app), IClassFixture<PostgresApp>;

/// <summary>Two nodes on one database: a session ended on one stops working on the other within seconds.</summary>
public sealed class SessionEndAcrossNodesTests(PostgresApp app) : IClassFixture<PostgresApp>
{
    [Fact]
    public async Task A_logout_on_one_node_ends_the_access_token_on_another_within_seconds()
    {
        using var other = new KeneyAppFactory(app.Factory.Provider, app.ConnectionString,
            // Same keys as the first node (they live in its data folder), as nodes of one deployment share them.
            new Dictionary<string, string?> { ["Security:SessionPollSeconds"] = "0.5", ["KENEYAPP_DATA_DIR"] = app.Factory.DataDir });
        var email = await StaffAccounts.CreateAsync(app, "nurse");
        var session = await app.LoginAsync(email, StaffAccounts.Password);
        using var onOther = other.CreateClient();
        onOther.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", session.AccessToken);
        await (await onOther.GetAsync("/api/v1/auth/me")).AssertOk(); // node 2 now remembers the session as open

        using var onThis = app.WithToken(session.AccessToken);
        await (await onThis.PostAsync("/api/v1/auth/logout", null)).AssertOk(HttpStatusCode.NoContent);
        var started = DateTime.UtcNow;
        HttpStatusCode status;
        do
        {
            await Task.Delay(100);
            status = (await onOther.GetAsync("/api/v1/auth/me")).StatusCode;
        }
        while (status == HttpStatusCode.OK && DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(3), $"took {(DateTime.UtcNow - started).TotalSeconds:0.0} s");
    }
}
