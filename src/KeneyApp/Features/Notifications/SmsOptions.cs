namespace KeneyApp.Features.Notifications;

/// <summary>
/// <c>SMS_PROVIDER</c>: <c>none</c> (the default: SMS are recorded as skipped, nothing pretends to be sent) or
/// <c>twilio</c> with <c>TWILIO_ACCOUNT_SID</c>, <c>TWILIO_AUTH_TOKEN</c> and <c>TWILIO_FROM_NUMBER</c>.
/// </summary>
public sealed class SmsOptions
{
    public const string Section = "Sms";
    public static readonly string[] Providers = ["none", "twilio"];

    public string Provider { get; set; } = "none";
}
