using System.Net;
using System.Net.Sockets;
using System.Text;
using KeneyApp.Platform.Delivery;
using MimeKit;

namespace KeneyApp.IntegrationTests.Platform;

/// <summary>
/// The SMTP transport keeps its connection between messages, and when the server has closed a kept connection (as
/// servers do after some idle time) the message goes on a new one instead of failing. The server here is a scripted
/// SMTP responder, because closing a connection at a chosen moment is what the test is about.
/// </summary>
public sealed class SmtpTransportTests
{
    [Fact]
    public async Task Messages_share_one_connection()
    {
        using var server = new ScriptedSmtpServer(closeAfterEachMessage: false);
        using var transport = new SmtpTransport(server.Options);
        for (var i = 0; i < 3; i++)
        {
            await transport.SendAsync(Message(i), CancellationToken.None);
        }
        Assert.Equal((3, 1), (server.Messages, server.Connections));
    }

    [Fact]
    public async Task A_connection_the_server_closed_is_replaced_and_the_message_still_goes()
    {
        using var server = new ScriptedSmtpServer(closeAfterEachMessage: true);
        using var transport = new SmtpTransport(server.Options);
        for (var i = 0; i < 3; i++)
        {
            await transport.SendAsync(Message(i), CancellationToken.None);
        }
        Assert.Equal((3, 3), (server.Messages, server.Connections));
    }

    private static MimeMessage Message(int i)
    {
        var message = new MimeMessage { Subject = $"Test {i}", Body = new TextPart("plain") { Text = "Body" } };
        message.From.Add(MailboxAddress.Parse("no-reply@clinic.example"));
        message.To.Add(MailboxAddress.Parse($"patient{i}@patients.example"));
        return message;
    }

    /// <summary>Speaks just enough SMTP for MailKit; optionally hangs up after each accepted message.</summary>
    private sealed class ScriptedSmtpServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly bool _closeAfterEachMessage;
        private int _messages;
        private int _connections;

        public ScriptedSmtpServer(bool closeAfterEachMessage)
        {
            _closeAfterEachMessage = closeAfterEachMessage;
            _listener.Start();
            _ = AcceptAsync();
        }

        public int Messages => Volatile.Read(ref _messages);
        public int Connections => Volatile.Read(ref _connections);

        public EmailOptions Options => new()
        {
            Host = "127.0.0.1",
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port,
            Security = "none",
            From = "no-reply@clinic.example",
        };

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                var socket = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _connections);
                _ = ServeAsync(socket);
            }
        }

        private async Task ServeAsync(TcpClient socket)
        {
            using (socket)
            {
                var stream = socket.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII);
                await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
                await writer.WriteLineAsync("220 scripted ESMTP");
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    var verb = line.Split(' ')[0].ToUpperInvariant();
                    if (verb == "EHLO")
                    {
                        await writer.WriteLineAsync("250-scripted\r\n250 8BITMIME");
                    }
                    else if (verb == "DATA")
                    {
                        await writer.WriteLineAsync("354 go on");
                        while (await reader.ReadLineAsync(_stop.Token) is { } data && data != ".")
                        {
                        }
                        Interlocked.Increment(ref _messages);
                        await writer.WriteLineAsync("250 accepted");
                        if (_closeAfterEachMessage)
                        {
                            return;
                        }
                    }
                    else if (verb == "QUIT")
                    {
                        await writer.WriteLineAsync("221 bye");
                        return;
                    }
                    else
                    {
                        await writer.WriteLineAsync("250 OK");
                    }
                }
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
        }
    }
}
