using MimeKit;

namespace KeneyApp.Platform.Delivery;

/// <summary>Hands a finished message to its way out: an SMTP server, or the pickup folder of the embedded default.</summary>
public interface IEmailTransport
{
    Task SendAsync(MimeMessage message, CancellationToken ct);
}
