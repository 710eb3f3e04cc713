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
    public async Task Error_answers_carry_the_security_headers_and_the_correlation_id()
    {
        using var client = await app.ClientFor(DemoUsers.Admin);
        var errors = new (string Name, Func<Task<HttpResponseMessage>> Send)[]
        {
            ("500", () => Send(client, HttpMethod.Post, TestPipeline.ThrowPath, new StringContent("{}", Encoding.UTF8, "application/json"))),
            ("400 unreadable body", () => Send(client, HttpMethod.Post, "/api/v1/users", new StringContent("{\"email\": ", Encoding.UTF8, "application/json"))),
            ("415", () => Send(client, HttpMethod.Post, "/api/v1/users", new StringContent("<user/>", Encoding.UTF8, "application/xml"))),
            ("404", () => Send(client, HttpMethod.Get, "/api/v1/users/987654", null)),
        };
        foreach (var (name, send) in errors)
        {
            var response = await send();
            Assert.True((int)response.StatusCode >= 400, name);
            Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var nosniff) && nosniff.Single() == "nosniff", $"{name}: no nosniff");
            Assert.True(response.Headers.Contains("Content-Security-Policy"), $"{name}: no CSP");
            Assert.Equal("corr-error-12345", response.Headers.GetValues("X-Correlation-ID").Single());
        }
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string url, HttpContent? content)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Add("X-Correlation-ID", "corr-error-12345");
        return client.SendAsync(request);
    }

    [Theory]
    [InlineData("/api/v1/docs")]
    [InlineData("/api/v1/docs/")]
    [InlineData("/api/v1/redoc")]
    [InlineData("/api/v1/redoc/")]
    public async Task The_documentation_pages_open_with_or_without_a_trailing_slash(string url)
    {
        using var client = app.Anonymous(); // follows redirects
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<html", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_redoc_page_loads_nothing_its_own_policy_blocks()
    {
        using var client = app.Anonymous();
        var response = await client.GetAsync("/api/v1/redoc/index.html");
        var html = await response.Content.ReadAsStringAsync();
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("style-src 'self'", csp, StringComparison.Ordinal);
        // Every stylesheet and script the page names comes from this server.
        Assert.DoesNotMatch("(href|src)=\"(https?:)?//", html);
        Assert.Contains("index.css", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_are_refused_to_a_caller_with_no_address()
    {
        using var client = app.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Add(TestPipeline.NoAddressHeader, "1");
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(request)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/metrics")).StatusCode); // loopback
    }

    [Fact]
    public void Starting_and_migrating_log_no_warning_from_the_migrations()
    {
        // EF Core's own categories reach the logs at Warning and above only (LoggingSetup).
        Assert.DoesNotContain(app.Factory.Logs.Lines, line => line.StartsWith("Microsoft.EntityFrameworkCore.Migrations", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Factory.Logs.Lines, line => line.Contains("partially applied", StringComparison.OrdinalIgnoreCase));
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
