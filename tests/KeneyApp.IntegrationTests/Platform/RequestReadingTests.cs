using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KeneyApp.IntegrationTests.Infrastructure;

namespace KeneyApp.IntegrationTests.Platform;

/// <summary>
/// A new user's first hour, replayed: every request the server cannot take as sent is refused with a 400 (or
/// 415) whose <c>errors</c> name the field and say what was expected, and changes nothing. Values are not echoed.
/// </summary>
public abstract class RequestReadingTests(AppFixture app)
{
    private static async Task<JsonElement> ErrorsOf(HttpResponseMessage response, string field)
    {
        var problem = await response.AssertProblem(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"no error for {field}: {problem}");
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
        return messages;
    }

    [Fact]
    public async Task A_misspelt_clinical_field_is_refused_by_name_and_changes_nothing()
    {
        var jean = await Clinic.PatientIdAsync(app, "Dupont", DemoUsers.DrMartin);
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var before = await (await doctor.GetAsync($"/api/v1/patients/{jean}")).AssertOk();
        var messages = await ErrorsOf(await doctor.PutAsJsonAsync($"/api/v1/patients/{jean}", new { alergies = "Pollen" }), "alergies");
        Assert.Contains("Unknown field", messages[0].GetString(), StringComparison.Ordinal);
        var after = await (await doctor.GetAsync($"/api/v1/patients/{jean}")).AssertOk();
        Assert.Equal(before.GetProperty("allergies").GetString(), after.GetProperty("allergies").GetString());
        Assert.Equal(before.GetProperty("updated_at").GetString(), after.GetProperty("updated_at").GetString());
    }

    [Fact]
    public async Task A_value_of_the_wrong_format_names_its_field_and_what_was_expected_without_echoing_it()
    {
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var response = await doctor.PostJson("/api/v1/patients", new { first_name = "Bad", last_name = "Date", date_of_birth = "15/05/1980", gender = "male" });
        var body = await response.Content.ReadAsStringAsync();
        var messages = await ErrorsOf(response, "date_of_birth");
        Assert.Contains("YYYY-MM-DD", messages[0].GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("15/05/1980", body, StringComparison.Ordinal);

        var jean = await Clinic.PatientIdAsync(app, "Dupont", DemoUsers.DrMartin);
        var urgent = await ErrorsOf(await doctor.PostJson("/api/v1/messages", new { receiver_id = jean, content = "x", is_urgent = "yes" }), "is_urgent");
        Assert.Equal("true or false.", urgent[0].GetString());
        var id = await ErrorsOf(await doctor.PostJson("/api/v1/messages", new { receiver_id = "three", content = "x" }), "receiver_id");
        Assert.Equal("An integer.", id[0].GetString());
    }

    [Theory]
    [InlineData("/api/v1/appointments?from=20-12-2026", "from", "with its offset")]
    [InlineData("/api/v1/patients?limit=lots", "limit", "integer")]
    [InlineData("/api/v1/patients?skip=minus", "skip", "integer")]
    [InlineData("/api/v1/messages?unread_only=maybe", "unread_only", "true or false")]
    public async Task A_query_parameter_that_cannot_be_read_is_named(string url, string field, string expected)
    {
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var response = await doctor.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        var messages = await ErrorsOf(response, field);
        Assert.Contains(expected, messages[0].GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(url.Split('=')[1], body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Broken_json_a_missing_body_and_a_missing_content_type_each_say_what_is_expected()
    {
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var broken = await ErrorsOf(await doctor.PostAsync("/api/v1/patients", new StringContent("{\"first_name\": \"A\",", Encoding.UTF8, "application/json")), "$");
        Assert.Contains("Not valid JSON", broken[0].GetString(), StringComparison.Ordinal);

        using var anonymous = app.Anonymous();
        var missing = await ErrorsOf(await anonymous.PostAsync("/api/v1/auth/refresh", new StringContent("", Encoding.UTF8, "application/json")), "$");
        Assert.Contains("refresh_token", missing[0].GetString(), StringComparison.Ordinal);

        var plain = await (await doctor.PostAsync("/api/v1/patients", new StringContent("{}", Encoding.UTF8, "text/plain")))
            .AssertProblem(HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/json", plain.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_login_form_field_is_named()
    {
        using var anonymous = app.Anonymous();
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = DemoUsers.DrMartin,
            ["password"] = KeneyAppFactory.DemoPassword,
            ["passwrd"] = "x",
        });
        await ErrorsOf(await anonymous.PostAsync("/api/v1/auth/login", form), "passwrd");
        // What OAuth2 password-grant clients add is accepted.
        var oauth = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = DemoUsers.DrMartin,
            ["password"] = KeneyAppFactory.DemoPassword,
            ["scope"] = "",
        });
        await (await anonymous.PostAsync("/api/v1/auth/login", oauth)).AssertOk();
    }
}

public sealed class RequestReadingTestsOnSqlite(SqliteApp app) : RequestReadingTests(app), IClassFixture<SqliteApp>;

public sealed class RequestReadingTestsOnPostgres(PostgresApp app) : RequestReadingTests(app), IClassFixture<PostgresApp>;
