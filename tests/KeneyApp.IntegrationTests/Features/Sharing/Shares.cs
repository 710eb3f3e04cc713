using System.Net;
using System.Text.Json;
using KeneyApp.IntegrationTests.Infrastructure;

namespace KeneyApp.IntegrationTests.Features.Sharing;

/// <summary>Helpers of the sharing tests: a share made through the API, an opening as an outsider makes it.</summary>
public static class Shares
{
    public static async Task<JsonElement> CreateAsync(AppFixture app, string creator, object body)
    {
        using var client = await app.ClientFor(creator);
        return await (await client.PostJson("/api/v1/shares/", body)).AssertOk(HttpStatusCode.Created);
    }

    /// <summary>A share of Jean Dupont's record by Dr Martin, with a PIN; <paramref name="extra"/> overrides fields.</summary>
    public static async Task<(JsonElement Share, string Token, string? Pin)> JeanSharedAsync(AppFixture app, string scope = "full_record",
        int? maxAccessCount = null, object? customResources = null, bool requirePin = true, string? recipientEmail = null, string creator = DemoUsers.DrMartin,
        int expiresInHours = 48)
    {
        var jean = await Clinic.PatientIdAsync(app, "Dupont");
        var share = await CreateAsync(app, creator, new Dictionary<string, object?>
        {
            ["patient_id"] = jean,
            ["scope"] = scope,
            ["custom_resources"] = customResources,
            ["recipient_name"] = "Dr. Externe",
            ["recipient_email"] = recipientEmail,
            ["expires_in_hours"] = expiresInHours,
            ["max_access_count"] = maxAccessCount,
            ["require_pin"] = requirePin,
            ["purpose"] = "Consultation spécialisée",
            ["consent_given"] = true,
        });
        var pin = share.GetProperty("access_pin").ValueKind == JsonValueKind.String ? share.GetProperty("access_pin").GetString() : null;
        return (share, share.GetProperty("share_token").GetString()!, pin);
    }

    public static async Task<HttpResponseMessage> AccessAsync(AppFixture app, string token, string? pin, string? email = null, string? emailCode = null)
    {
        using var anonymous = app.Anonymous();
        return await AccessAsync(anonymous, token, pin, email, emailCode);
    }

    /// <summary>An opening sent by <paramref name="anonymous"/> (another host, or a client with its own headers).</summary>
    public static async Task<HttpResponseMessage> AccessAsync(HttpClient anonymous, string token, string? pin, string? email = null, string? emailCode = null)
    {
        var body = new Dictionary<string, object?> { ["token"] = token };
        if (pin is not null)
        {
            body["pin"] = pin;
        }
        if (email is not null)
        {
            body["email"] = email;
        }
        if (emailCode is not null)
        {
            body["email_code"] = emailCode;
        }
        return await anonymous.PostJson("/api/v1/shares/access", body);
    }

    /// <summary>
    /// A new doctor creates <paramref name="attempts"/> shares of Jean Dupont's appointments at once; answers the
    /// statuses (the quota of 10 an hour must hold under concurrency, not only one request after the other).
    /// </summary>
    public static async Task<HttpStatusCode[]> ConcurrentCreationsAsync(AppFixture app, int attempts)
    {
        var doctor = await StaffAccounts.CreateAsync(app, "doctor");
        using var client = app.WithToken((await app.LoginAsync(doctor, StaffAccounts.Password)).AccessToken);
        var body = new { patient_id = await Clinic.PatientIdAsync(app, "Dupont"), scope = "appointments_only", expires_in_hours = 1, consent_given = true };
        return await Task.WhenAll(Enumerable.Range(0, attempts).Select(async _ => (await client.PostJson("/api/v1/shares/", body)).StatusCode));
    }

    /// <summary>A six-digit PIN that is not <paramref name="pin"/>.</summary>
    public static string WrongPin(string pin) => pin == "000000" ? "111111" : "000000";
}
