using System.Net;
using System.Text;
using KeneyApp.IntegrationTests.Infrastructure;

namespace KeneyApp.IntegrationTests.Platform;

public abstract class HttpSurfaceTests(AppFixture app)
{
    [Fact]
    public async Task Unknown_api_routes_wrong_methods_and_bad_bodies_answer_problem_details()
    {
        using var client = await app.ClientFor(DemoUsers.Admin);
        await (await client.GetAsync("/api/v1/no-such-thing")).AssertProblem(HttpStatusCode.NotFound);
        await (await client.DeleteAsync("/api/v1/auth/me")).AssertProblem(HttpStatusCode.MethodNotAllowed);
        var malformed = await client.PostAsync("/api/v1/users", new StringContent("{\"email\": \"leak-me@x.test\", ", Encoding.UTF8, "application/json"));
        var problem = await malformed.AssertProblem(HttpStatusCode.BadRequest);
        Assert.DoesNotContain("leak-me", problem.ToString(), StringComparison.Ordinal);
        var wrongType = await client.PostAsync("/api/v1/users", new StringContent("<user/>", Encoding.UTF8, "application/xml"));
        await wrongType.AssertProblem(HttpStatusCode.UnsupportedMediaType);
        var wrongShape = await client.PostAsync("/api/v1/users", new StringContent("{\"email\": 12}", Encoding.UTF8, "application/json"));
        await wrongShape.AssertProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_server_error_echoes_nothing_from_the_request()
    {
        using var client = app.Anonymous();
        var response = await client.PostAsync(TestPipeline.ThrowPath + "?patient=Jean+Dupont",
            new StringContent("{\"medical_history\":\"diabète secret\"}", Encoding.UTF8, "application/json"));
        var problem = await response.AssertProblem(HttpStatusCode.InternalServerError);
        var text = problem.ToString();
        Assert.DoesNotContain("diab", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Dupont", text, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", text, StringComparison.Ordinal);
        Assert.DoesNotContain("stack", text, StringComparison.OrdinalIgnoreCase);
        var logs = string.Join("\n", app.Factory.Logs.Lines);
        Assert.Contains("InvalidOperationException", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("diabète", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("Dupont", logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Correlation_ids_are_echoed_when_safe_and_made_otherwise()
    {
        using var client = app.Anonymous();
        using var safe = new HttpRequestMessage(HttpMethod.Get, "/health");
        safe.Headers.Add("X-Correlation-ID", "req-12345678");
        Assert.Equal("req-12345678", (await client.SendAsync(safe)).Headers.GetValues("X-Correlation-ID").Single());
        using var unsafeId = new HttpRequestMessage(HttpMethod.Get, "/health");
        unsafeId.Headers.TryAddWithoutValidation("X-Correlation-ID", "Jean Dupont <script>");
        var generated = (await client.SendAsync(unsafeId)).Headers.GetValues("X-Correlation-ID").Single();
        Assert.Matches("^[0-9a-f]{32}$", generated);
        var problem = await (await client.GetAsync("/api/v1/nothing-here")).AssertProblem(HttpStatusCode.NotFound);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("trace_id").GetString()));
    }

    [Fact]
    public async Task Responses_carry_the_security_headers()
    {
        using var client = await app.ClientFor(DemoUsers.DrMartin);
        var response = await client.GetAsync("/api/v1/auth/me");
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task A_trailing_slash_is_optional()
    {
        using var client = await app.ClientFor(DemoUsers.Admin);
        await (await client.GetAsync("/api/v1/auth/me/")).AssertOk();
        await (await client.GetAsync("/api/v1/users/")).AssertOk();
    }

    [Fact]
    public async Task Health_and_readiness_answer_without_a_token()
    {
        using var client = app.Anonymous();
        var health = await (await client.GetAsync("/health")).AssertOk();
        Assert.Equal("ok", health.GetProperty("status").GetString());
        await (await client.GetAsync("/ready")).AssertOk();
    }

    [Fact]
    public async Task The_jobs_dashboard_is_for_the_platform_operator_only()
    {
        using var anonymous = app.Anonymous();
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync("/jobs")).StatusCode);
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        Assert.NotEqual(HttpStatusCode.OK, (await doctor.GetAsync("/jobs")).StatusCode);
        using var clinicAdmin = await app.ClientFor(DemoUsers.Admin);
        Assert.NotEqual(HttpStatusCode.OK, (await clinicAdmin.GetAsync("/jobs")).StatusCode);
        using var admin = await app.ClientFor(DemoUsers.Root);
        var page = await admin.GetAsync("/jobs");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Hangfire", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

public sealed class HttpSurfaceTestsOnSqlite(SqliteApp app) : HttpSurfaceTests(app), IClassFixture<SqliteApp>;

public sealed class HttpSurfaceTestsOnPostgres(PostgresApp app) : HttpSurfaceTests(app), IClassFixture<PostgresApp>;
