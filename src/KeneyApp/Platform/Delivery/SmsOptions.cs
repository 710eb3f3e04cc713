namespace KeneyApp.Platform.Delivery;

/// <summary>
/// <c>SMS_PROVIDER</c>: <c>none</c> (the default: SMS are recorded as skipped, nothing pretends to be sent) or
/// <c>twilio</c> with <c>TWILIO_ACCOUNT_SID</c>, <c>TWILIO_AUTH_TOKEN</c> and <c>TWILIO_FROM_NUMBER</c>.
/// </summary>
public sealed class SmsOptions
{
    public const string Section = "Sms";
    public static readonly string[] Providers = ["none", "twilio"];

    public string Provider { get; set; } = "none";

    public bool UsesTwilio => Provider == "twilio";
}

/// <summary>The Twilio account (<c>TWILIO_*</c>); <c>TWILIO_API_BASE</c> points the client elsewhere (a fake in tests).</summary>
public sealed class TwilioOptions
{
    public const string Section = "Twilio";

    public string? AccountSid { get; set; }
    public string? AuthToken { get; set; }
    public string? FromNumber { get; set; }
    public string? ApiBase { get; set; }
    /// <summary>Seconds before a request to Twilio is abandoned.</summary>
    public int TimeoutSeconds { get; set; } = 10;
}
