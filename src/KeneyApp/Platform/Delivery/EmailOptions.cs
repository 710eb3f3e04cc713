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
    /// <summary>
    /// <c>starttls</c> (required: the default), <c>ssl</c> (implicit TLS, port 465), <c>auto</c> (TLS only if the server
    /// offers it: someone on the path can strip that offer) or <c>none</c>. Mail carries one-time links, so the last
    /// two are accepted only towards a server on this machine.
    /// </summary>
    public string Security { get; set; } = "starttls";

    public bool UsesSmtp => !string.IsNullOrWhiteSpace(Host);

    /// <summary>Whether mail could cross the network unencrypted.</summary>
    public bool MayTravelInClear => UsesSmtp && Security is "auto" or "none" && !IsLoopback(Host!);

    private static bool IsLoopback(string host) =>
        host == "localhost" || (System.Net.IPAddress.TryParse(host, out var address) && System.Net.IPAddress.IsLoopback(address));

    public static readonly string[] SecurityModes = ["auto", "starttls", "ssl", "none"];
}
