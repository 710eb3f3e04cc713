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
