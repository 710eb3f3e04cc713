using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace KeneyApp.IntegrationTests.Platform;

/// <summary>
/// The real binary as the README runs it (<c>--demo --urls …</c>), over a real socket: it serves health, docs
/// and logins, and its JSON log lines name route templates, never paths' query strings or personal data.
/// </summary>
public sealed class RunningHostTests : IAsyncLifetime
{
    private const string Password = "Running-Host-Demo-2026";
    private readonly string _data = Directory.CreateTempSubdirectory("keneyapp-host-").FullName;
    private readonly StringBuilder _output = new();
    private Process _process = null!;
    private string _url = "";

    public async Task InitializeAsync()
    {
        _url = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _data };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "KeneyApp.dll"), "--demo", "--urls", _url })
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["KENEYAPP_DATA_DIR"] = _data;
        start.Environment["KENEYAPP_DEMO_PASSWORD"] = Password;
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DATABASE_URL");
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var client = new HttpClient();
        for (var i = 0; i < 120; i++)
        {
            try
            {
                if ((await client.GetAsync(_url + "/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(250);
        }
        throw new InvalidOperationException("The host did not start:\n" + Output);
    }

    [Fact]
    public async Task The_demo_serves_health_docs_and_logins_and_logs_route_templates_only()
    {
        using var client = new HttpClient { BaseAddress = new Uri(_url) };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/docs/index.html")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/redoc/index.html")).StatusCode);
        var login = await client.PostAsync("/api/v1/auth/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = "jean.dupont@demo.keneyapp.test",
            ["password"] = Password,
        }));
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var token = JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString();
        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/v1/users/424242?search=Dupont-Secret");
        me.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        me.Headers.Add("X-Correlation-ID", "corr-running-host-1");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(me)).StatusCode);

        await Task.Delay(1500); // the console sink is asynchronous
        var output = Output;
        // Development (the demo) writes readable lines, not JSON; each still carries its correlation id.
        var request = Assert.Single(output.Split('\n'), line => line.Contains("HTTP GET /api/v1/users/{id:int} responded 403", StringComparison.Ordinal));
        Assert.Contains("corr-running-host-1", request, StringComparison.Ordinal);
        Assert.False(request.TrimStart().StartsWith('{'), request);
        Assert.Contains("HTTP POST /api/v1/auth/login responded 200", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Dupont-Secret", output, StringComparison.Ordinal);
        Assert.DoesNotContain("424242", output, StringComparison.Ordinal);
        Assert.DoesNotContain("jean.dupont", output, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, output, StringComparison.Ordinal);
        Assert.DoesNotContain(token!, output, StringComparison.Ordinal);
        Assert.Contains("/api/v1/docs", output, StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Directory.Delete(_data, recursive: true);
    }

    private string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
