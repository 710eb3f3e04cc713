using System.Net;

namespace KeneyApp.IntegrationTests.Infrastructure;

/// <summary>Fresh accounts made through the admin API, for tests that change an account's state.</summary>
public static class StaffAccounts
{
    public const string Password = "Staff-password-2026";

    public static async Task<string> CreateAsync(AppFixture app, string role, string admin = DemoUsers.Admin)
    {
        var domain = admin.Split('@')[1];
        var email = $"{role}.{Guid.NewGuid():N}@{domain}"[..Math.Min(80, role.Length + 34 + domain.Length)];
        using var client = await app.ClientFor(admin);
        var response = await client.PostJson("/api/v1/users", new { email, full_name = "Test " + role, role, password = Password });
        await response.AssertOk(HttpStatusCode.Created);
        return email;
    }

    public static async Task<int> IdOf(AppFixture app, string email)
    {
        using var client = app.WithToken((await app.LoginAsync(email, Password)).AccessToken);
        return (await (await client.GetAsync("/api/v1/auth/me")).AssertOk()).GetProperty("id").GetInt32();
    }
}
