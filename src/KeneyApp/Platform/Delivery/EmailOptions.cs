namespace KeneyApp.Platform.Delivery;

/// <summary>
/// Where e-mail goes: an SMTP server when <c>SMTP_HOST</c> is set, otherwise <c>.eml</c> files in
/// <c>data/outbox-mail</c> (nothing leaves the machine).
/// </summary>
public sealed class EmailOptions
{
    public const string Section = "Smtp";

    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public string? User { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "KeneyApp <no-reply@keneyapp.invalid>";
    /// <summary><c>auto</c> (TLS when the server offers it), <c>starttls</c> (required), <c>ssl</c> (implicit TLS) or <c>none</c>.</summary>
    public string Security { get; set; } = "auto";

    public bool UsesSmtp => !string.IsNullOrWhiteSpace(Host);

    public static readonly string[] SecurityModes = ["auto", "starttls", "ssl", "none"];
}
