using System.Collections.Concurrent;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace KeneyApp.Platform.Delivery;

/// <summary>
/// Sends through the configured SMTP server with MailKit. Connections are kept open between messages, one per sender
/// at work: connecting, negotiating TLS and authenticating for each message would cost more than the message.
/// </summary>
public sealed class SmtpTransport(EmailOptions options) : IEmailTransport, IDisposable
{
    // Servers close idle connections after a minute or more (RFC 5321 asks them to wait five); one idle longer than
    // this is not trusted and is closed instead.
    private static readonly TimeSpan MaxIdle = TimeSpan.FromSeconds(30);
    private const int MaxKept = 16;
    private readonly ConcurrentQueue<(SmtpClient Client, long IdleSince)> _idle = new();

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        if (TakeIdle() is { } kept)
        {
            try
            {
                await kept.SendAsync(message, ct);
                Keep(kept);
                return;
            }
            catch (Exception e) when (e is ServiceNotConnectedException or IOException or SmtpProtocolException)
            {
                // The server had closed it: the message goes on a new connection. (Should it have been accepted just
                // before the connection broke, the repeat carries the same Message-ID.)
                kept.Dispose();
            }
            catch
            {
                kept.Dispose();
                throw;
            }
        }
        var client = new SmtpClient { Timeout = 30_000 };
        try
        {
            await client.ConnectAsync(options.Host!, options.Port, Security(options.Security), ct);
            if (!string.IsNullOrEmpty(options.User))
            {
                await client.AuthenticateAsync(options.User, options.Password ?? "", ct);
            }
            await client.SendAsync(message, ct);
        }
        catch
        {
            client.Dispose();
            throw;
        }
        Keep(client);
    }

    private SmtpClient? TakeIdle()
    {
        while (_idle.TryDequeue(out var idle))
        {
            if (idle.Client.IsConnected && Environment.TickCount64 - idle.IdleSince < MaxIdle.TotalMilliseconds)
            {
                return idle.Client;
            }
            idle.Client.Dispose();
        }
        return null;
    }

    private void Keep(SmtpClient client)
    {
        if (_idle.Count < MaxKept)
        {
            _idle.Enqueue((client, Environment.TickCount64));
        }
        else
        {
            client.Dispose();
        }
    }

    public void Dispose()
    {
        while (_idle.TryDequeue(out var idle))
        {
            idle.Client.Dispose();
        }
    }

    private static SecureSocketOptions Security(string mode) => mode switch
    {
        "none" => SecureSocketOptions.None,
        "starttls" => SecureSocketOptions.StartTls,
        "ssl" => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTlsWhenAvailable,
    };
}
