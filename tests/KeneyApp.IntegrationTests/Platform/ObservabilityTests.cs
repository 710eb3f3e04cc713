using System.Net;
using System.Net.Http.Headers;
using KeneyApp.IntegrationTests.Infrastructure;
using KeneyApp.Platform.Data;

namespace KeneyApp.IntegrationTests.Platform;

public abstract class MetricsTests(AppFixture app)
{
    [Fact]
    public async Task Metrics_label_http_requests_by_route_template_never_by_raw_path()
    {
        using var admin = await app.ClientFor(DemoUsers.Admin);
        await admin.GetAsync("/api/v1/users/987654");
        await admin.GetAsync("/api/v1/auth/me");
        using var local = app.Anonymous();
        var text = await ScrapeUntilAsync(local, "http_route=\"/api/v1/auth/me\"");
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
        Assert.Contains("http_route=\"/api/v1/users/{id:int}\"", text, StringComparison.Ordinal);
        Assert.Contains("http_route=\"/api/v1/auth/me\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("987654", text, StringComparison.Ordinal);
    }

    /// <summary>
    /// A request's duration is recorded when ASP.NET Core disposes its context, which can be just after the client
    /// has read the response, and the exporter serves a cached scrape for 300 ms: so a scrape may lag by one request.
    /// </summary>
    private static async Task<string> ScrapeUntilAsync(HttpClient client, string expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var text = await (await client.GetAsync("/metrics")).Content.ReadAsStringAsync();
            if (text.Contains(expected, StringComparison.Ordinal) || DateTime.UtcNow > deadline)
            {
                return text;
            }
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Metrics_include_the_runtime_gc_and_thread_pool()
    {
        using var local = app.Anonymous();
        var text = await (await local.GetAsync("/metrics")).Content.ReadAsStringAsync();
        Assert.Contains("dotnet_gc_collections_total", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_thread_pool_thread_count", text, StringComparison.Ordinal);
    }
}

public sealed class MetricsTestsOnSqlite(SqliteApp app) : MetricsTests(app), IClassFixture<SqliteApp>;

public sealed class MetricsTestsOnPostgres(PostgresApp app) : MetricsTests(app), IClassFixture<PostgresApp>;

/// <summary>An app seen from a remote client, with a metrics token and a trusted proxy configured.</summary>
public sealed class RemoteClientApp : AppFixture
{
    public const string MetricsToken = "metrics-token-for-tests-0123456789";
    public const string Proxy = "198.51.100.7";

    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
    protected override IPAddress ClientAddress => IPAddress.Parse(Proxy);
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["METRICS_TOKEN"] = MetricsToken,
        ["ForwardedHeaders:KnownProxies"] = Proxy,
        ["ALLOWED_ORIGINS"] = "https://portail.clinique.test",
    };
}

public sealed class RemoteClientTests(RemoteClientApp app) : IClassFixture<RemoteClientApp>
{
    [Fact]
    public async Task Metrics_need_the_token_when_not_on_loopback()
    {
        using var client = app.Anonymous();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/metrics")).StatusCode);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "wrong-token");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/metrics")).StatusCode);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", RemoteClientApp.MetricsToken);
        var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_audit_records_the_real_client_address_given_by_a_trusted_proxy()
    {
        using var anonymous = app.Anonymous();
        anonymous.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.50");
        await anonymous.PostAsync("/api/v1/auth/login", Features.Accounts.AuthenticationTests.Form(DemoUsers.Nurse, "Wrong-password-999"));
        using var admin = await app.ClientFor(DemoUsers.Admin);
        var entries = await (await admin.GetAsync("/api/v1/audit?action=login_failed")).AssertOk();
        Assert.Contains(entries.EnumerateArray(), e => e.GetProperty("client_ip").GetString() == "203.0.113.50");
    }

    [Fact]
    public async Task Cors_answers_only_configured_origins()
    {
        using var client = app.Anonymous();
        using var allowed = new HttpRequestMessage(HttpMethod.Options, "/api/v1/auth/login");
        allowed.Headers.Add("Origin", "https://portail.clinique.test");
        allowed.Headers.Add("Access-Control-Request-Method", "POST");
        var yes = await client.SendAsync(allowed);
        Assert.Equal("https://portail.clinique.test", yes.Headers.GetValues("Access-Control-Allow-Origin").Single());
        using var other = new HttpRequestMessage(HttpMethod.Options, "/api/v1/auth/login");
        other.Headers.Add("Origin", "https://evil.test");
        other.Headers.Add("Access-Control-Request-Method", "POST");
        var no = await client.SendAsync(other);
        Assert.False(no.Headers.Contains("Access-Control-Allow-Origin"));
    }
}

/// <summary>Without configured proxies, a client cannot choose the address the audit records.</summary>
public sealed class UntrustedProxyApp : AppFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
    protected override IPAddress ClientAddress => IPAddress.Parse("198.51.100.8");
}

public sealed class UntrustedProxyTests(UntrustedProxyApp app) : IClassFixture<UntrustedProxyApp>
{
    [Fact]
    public async Task Forwarded_headers_from_unknown_senders_are_ignored()
    {
        using var anonymous = app.Anonymous();
        anonymous.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.51");
        await anonymous.PostAsync("/api/v1/auth/login", Features.Accounts.AuthenticationTests.Form(DemoUsers.Nurse, "Wrong-password-998"));
        using var admin = await app.ClientFor(DemoUsers.Admin);
        var entries = await (await admin.GetAsync("/api/v1/audit?action=login_failed")).AssertOk();
        Assert.All(entries.EnumerateArray(), e => Assert.NotEqual("203.0.113.51", e.GetProperty("client_ip").GetString()));
        Assert.Contains(entries.EnumerateArray(), e => e.GetProperty("client_ip").GetString() == "198.51.100.8");
    }
}
