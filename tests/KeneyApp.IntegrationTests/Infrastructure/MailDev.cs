using System.Text.Json;

namespace KeneyApp.IntegrationTests.Infrastructure;

/// <summary>
/// A real SMTP server for the test run: maildev (npm, installed by test.sh into tools/). test.sh starts one for the
/// whole run and names it in <c>KENEYAPP_TEST_MAILDEV</c> ("smtp port:api port"); without it (a developer running
/// <c>dotnet test</c>) one is started here, under a shell that ends it within a second of this process ending,
/// however this process ends. Its REST API lists what it received.
/// </summary>
public sealed class MailDev
{
    private static readonly Lazy<MailDev> Instance = new(Start);
    private readonly HttpClient _api;

    private MailDev(int smtpPort, int webPort)
    {
        SmtpPort = smtpPort;
        _api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webPort}") };
    }

    public static MailDev Shared => Instance.Value;

    public int SmtpPort { get; }

    /// <summary>Messages received for <paramref name="address"/>, waiting up to 15 s for at least <paramref name="atLeast"/>.</summary>
    public async Task<IReadOnlyList<JsonElement>> MessagesToAsync(string address, int atLeast = 1)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var all = JsonDocument.Parse(await _api.GetStringAsync("/api/email")).RootElement;
            var mine = all.EnumerateArray()
                .Where(m => m.GetProperty("to").EnumerateArray().Any(t => string.Equals(t.GetProperty("address").GetString(), address, StringComparison.OrdinalIgnoreCase)))
                .ToList();
            if (mine.Count >= atLeast || DateTime.UtcNow > deadline)
            {
                return mine;
            }
            await Task.Delay(100);
        }
    }

    /// <summary>The message as it was received, headers and all (maildev's JSON keeps only some headers).</summary>
    public async Task<MimeKit.MimeMessage> SourceAsync(JsonElement mail)
    {
        await using var source = await _api.GetStreamAsync($"/api/email/{mail.GetProperty("id").GetString()}/source");
        return await MimeKit.MimeMessage.LoadAsync(source);
    }

    private static MailDev Start()
    {
        if (Environment.GetEnvironmentVariable("KENEYAPP_TEST_MAILDEV") is { Length: > 0 } given)
        {
            var ports = given.Split(':');
            return new MailDev(int.Parse(ports[0], System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(ports[1], System.Globalization.CultureInfo.InvariantCulture));
        }
        var (smtp, web) = (NodePeer.FreeTcpPort(), NodePeer.FreeTcpPort());
        var server = new MailDev(smtp, web);
        NodePeer.Start("maildev", $"--ip 127.0.0.1 --web-ip 127.0.0.1 -s {smtp} -w {web} --silent", () =>
        {
            try
            {
                return server._api.GetAsync("/api/healthz").GetAwaiter().GetResult().IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false; // not listening yet
            }
        });
        return server;
    }
}
