using System.Security.Cryptography;
using System.Text;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace KeneyApp.IntegrationTests.Infrastructure;

/// <summary>
/// Twilio faked at its HTTP boundary (WireMock): the app's Twilio SDK sends its real requests here
/// (<c>TWILIO_API_BASE</c>), and the tests read exactly what it sent and sign webhooks as Twilio does.
/// </summary>
public sealed class FakeTwilio : IDisposable
{
    public const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string AuthToken = "test-twilio-auth-token-0123456789";
    public const string FromNumber = "+33700000001";
    public const string MessagesPath = $"/2010-04-01/Accounts/{AccountSid}/Messages.json";

    public WireMockServer Server { get; } = WireMockServer.Start();

    public FakeTwilio() => AcceptAll();

    public string BaseUrl => Server.Url!;

    /// <summary>An app's settings to send its SMS here and its e-mail to the run's SMTP server, delivering only when a test runs a pass.</summary>
    public Dictionary<string, string?> AppSettings()
    {
        var settings = AppWithSmtp.SmtpSettings;
        settings["Notifications:Deliver"] = "false";
        settings["SMS_PROVIDER"] = "twilio";
        settings["TWILIO_ACCOUNT_SID"] = AccountSid;
        settings["TWILIO_AUTH_TOKEN"] = AuthToken;
        settings["TWILIO_FROM_NUMBER"] = FromNumber;
        settings["TWILIO_API_BASE"] = BaseUrl;
        return settings;
    }

    /// <summary>Any message is queued, with a generic id (the app's other SMS, such as the demo patients' reminders).</summary>
    private void AcceptAll() => Server.Given(Request.Create().WithPath(MessagesPath).UsingPost()).AtPriority(100)
        .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBody(Queued("SM00000000000000000000000000000000")));

    /// <summary>Messages to <paramref name="phone"/> are queued with <paramref name="sid"/>.</summary>
    public void Accept(string phone, string sid) => Server.Given(ToNumber(phone)).AtPriority(1)
        .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBody(Queued(sid)));

    /// <summary>The first message to <paramref name="phone"/> is refused with 429 and Retry-After; the next is queued.</summary>
    public void RateLimitOnce(string phone, string sid)
    {
        var scenario = "rate-limit-" + phone;
        Server.Given(ToNumber(phone)).InScenario(scenario).WillSetStateTo("limited").AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "1").WithHeader("Content-Type", "application/json")
                .WithBody("""{"code": 20429, "message": "Too Many Requests", "status": 429}"""));
        Server.Given(ToNumber(phone)).InScenario(scenario).WhenStateIs("limited").AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBody(Queued(sid)));
    }

    /// <summary>The form fields of each message request sent to <paramref name="phone"/>, with its Authorization header.</summary>
    public IReadOnlyList<(Dictionary<string, string> Form, string Authorization, int Status)> SentTo(string phone) =>
        [.. Server.LogEntries.Where(e => e.RequestMessage?.Path == MessagesPath)
            .Select(e => (Form: Form(e.RequestMessage!.Body ?? ""), Authorization: e.RequestMessage.Headers!["Authorization"].First(),
                Status: Convert.ToInt32(e.ResponseMessage?.StatusCode ?? 0, System.Globalization.CultureInfo.InvariantCulture)))
            .Where(e => e.Form.GetValueOrDefault("To") == phone)];

    /// <summary>Twilio's signature: base64(HMAC-SHA1(auth token, URL + each parameter's name and value, sorted by name)).</summary>
    public static string Sign(string url, IReadOnlyDictionary<string, string> parameters)
    {
        var data = new StringBuilder(url);
        foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            data.Append(name).Append(value);
        }
#pragma warning disable CA5350 // Twilio's scheme, not a choice of ours
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(AuthToken), Encoding.UTF8.GetBytes(data.ToString())));
#pragma warning restore CA5350
    }

    public void Dispose() => Server.Stop();

    private static IRequestBuilder ToNumber(string phone) =>
        Request.Create().WithPath(MessagesPath).UsingPost().WithBody(new WildcardMatcher("*To=" + Uri.EscapeDataString(phone) + "*"));

    private static string Queued(string sid) => $$"""{"sid": "{{sid}}", "status": "queued", "account_sid": "{{AccountSid}}"}""";

    private static Dictionary<string, string> Form(string body) => body.Split('&', StringSplitOptions.RemoveEmptyEntries)
        .Select(pair => pair.Split('=', 2))
        .ToDictionary(p => Uri.UnescapeDataString(p[0].Replace('+', ' ')), p => Uri.UnescapeDataString(p.Length > 1 ? p[1].Replace('+', ' ') : ""));
}
