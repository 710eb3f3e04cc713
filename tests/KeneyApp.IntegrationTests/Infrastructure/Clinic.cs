using System.Net;
using System.Text.Json;

namespace KeneyApp.IntegrationTests.Infrastructure;

/// <summary>Looks up demo records through the API, and makes fresh ones for tests that change them.</summary>
public static class Clinic
{
    public static async Task<int> PatientIdAsync(AppFixture app, string lastName, string staff = DemoUsers.Admin)
    {
        using var client = await app.ClientFor(staff);
        var found = await (await client.GetAsync($"/api/v1/patients?q={Uri.EscapeDataString(lastName)}")).AssertOk();
        return found.EnumerateArray().First().GetProperty("id").GetInt32();
    }

    public static async Task<int> UserIdAsync(AppFixture app, string email)
    {
        using var client = await app.ClientFor(email);
        return (await (await client.GetAsync("/api/v1/auth/me")).AssertOk()).GetProperty("id").GetInt32();
    }

    /// <summary>A clinic of its own (for tests that close it or break its audit chain), with an admin who can log in.</summary>
    public static async Task<(int TenantId, string AdminEmail)> NewClinicAsync(AppFixture app, string prefix = "clinic")
    {
        using var root = await app.ClientFor(DemoUsers.Root);
        var slug = prefix + "-" + Guid.NewGuid().ToString("N")[..8];
        var adminEmail = $"admin@{slug}.test";
        var created = await (await root.PostJson("/api/v1/tenants", new
        {
            name = "Clinique " + slug,
            slug,
            admin = new { email = adminEmail, full_name = "Admin", password = StaffAccounts.Password },
        })).AssertOk(HttpStatusCode.Created);
        return (created.GetProperty("tenant").GetProperty("id").GetInt32(), adminEmail);
    }

    public static async Task<JsonElement> NewPatientAsync(AppFixture app, string staff = DemoUsers.DrMartin, string? email = null)
    {
        using var client = await app.ClientFor(staff);
        var response = await client.PostJson("/api/v1/patients", new
        {
            first_name = "Test",
            last_name = "Patient" + Guid.NewGuid().ToString("N")[..6],
            date_of_birth = "1990-01-01",
            gender = "other",
            email = email ?? $"p{Guid.NewGuid():N}@patients.example",
            phone = "06 01 02 03 04",
        });
        return await response.AssertOk(HttpStatusCode.Created);
    }
}
