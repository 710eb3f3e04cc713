namespace KeneyApp.Features.Notifications;

/// <summary>Delivery pace (<c>Notifications:*</c>): providers limit how fast an account may send.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>E-mails per second this node hands to the SMTP server.</summary>
    public int EmailPerSecond { get; set; } = 200;

    /// <summary>SMS per second this node hands to the provider (a Twilio long code takes one per second).</summary>
    public int SmsPerSecond { get; set; } = 1;

    /// <summary>Rows this node sends at once (each claimed on its own): the provider's round trips overlap.</summary>
    public int Senders { get; set; } = 8;

    /// <summary>Whether this node delivers (false: another node does; rows wait in the database).</summary>
    public bool Deliver { get; set; } = true;
}
