using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace KeneyApp.Platform.Scanning;

/// <summary>Section <c>ClamAv</c>; <c>CLAMAV_HOST</c> and <c>CLAMAV_PORT</c> are aliases. No host: no scanning.</summary>
public sealed class ClamAvOptions
{
    public const string Section = "ClamAv";
    public string? Host { get; set; }
    public int Port { get; set; } = 3310;
    public double TimeoutSeconds { get; set; } = 60;
}

public enum ScanVerdict { Clean, Infected, TooLarge }

public sealed record ScanResult(ScanVerdict Verdict, string? Signature);

/// <summary>clamd could not be reached or did not answer: the file must not be kept unscanned.</summary>
public sealed class ScannerUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Scans files with clamd's <c>INSTREAM</c> command while they stream in: each chunk the upload reads is sent on, as
/// <c>&lt;length&gt;&lt;bytes&gt;</c>, and the verdict is read after the last one, so a file is scanned in the same
/// pass that hashes and encrypts it.
/// </summary>
public sealed class ClamAvScanner(Microsoft.Extensions.Options.IOptions<ClamAvOptions> options)
{
    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.Value.Host);

    /// <exception cref="ScannerUnavailableException">clamd is not reachable.</exception>
    public async Task<ScanSession> StartAsync(CancellationToken ct)
    {
        var o = options.Value;
        var client = new TcpClient { NoDelay = true };
        try
        {
            using var connect = CancellationTokenSource.CreateLinkedTokenSource(ct);
            connect.CancelAfter(TimeSpan.FromSeconds(5));
            await client.ConnectAsync(o.Host!, o.Port, connect.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("zINSTREAM\0"u8.ToArray(), ct);
            return new ScanSession(client, stream, TimeSpan.FromSeconds(o.TimeoutSeconds));
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            client.Dispose();
            throw new ScannerUnavailableException("The virus scanner cannot be reached.", e);
        }
    }
}

/// <summary>One file's scan: <see cref="SendAsync"/> each chunk in order, then <see cref="VerdictAsync"/>.</summary>
public sealed class ScanSession(TcpClient client, NetworkStream stream, TimeSpan timeout) : IAsyncDisposable
{
    private readonly byte[] _length = new byte[4];

    public async Task SendAsync(ReadOnlyMemory<byte> chunk, CancellationToken ct)
    {
        if (chunk.IsEmpty)
        {
            return; // a zero length would end the stream
        }
        // A clamd that stops reading (hung, overloaded) would block the write for ever once the socket's buffers are full.
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        wait.CancelAfter(timeout);
        try
        {
            BinaryPrimitives.WriteUInt32BigEndian(_length, (uint)chunk.Length);
            await stream.WriteAsync(_length, wait.Token);
            await stream.WriteAsync(chunk, wait.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            // clamd closes the stream when the file passes its StreamMaxLength, or when it fails.
            throw new ScannerUnavailableException("The virus scanner stopped reading the file.", e);
        }
    }

    /// <exception cref="ScannerUnavailableException">clamd failed, refused the file or did not answer in time.</exception>
    public async Task<ScanResult> VerdictAsync(CancellationToken ct)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        wait.CancelAfter(timeout);
        string reply;
        try
        {
            await stream.WriteAsync(new byte[4], wait.Token);
            var answer = new MemoryStream();
            var buffer = new byte[256];
            int read;
            while ((read = await stream.ReadAsync(buffer, wait.Token)) > 0)
            {
                var zero = Array.IndexOf(buffer, (byte)0, 0, read);
                answer.Write(buffer, 0, zero < 0 ? read : zero);
                if (zero >= 0 || answer.Length > 4096)
                {
                    break;
                }
            }
            reply = Encoding.ASCII.GetString(answer.ToArray()).Trim();
        }
        catch (Exception e) when (e is IOException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            throw new ScannerUnavailableException("The virus scanner did not answer.", e);
        }
        // "stream: OK", "stream: Eicar-Test-Signature.UNOFFICIAL FOUND", "INSTREAM size limit exceeded. ERROR".
        if (reply.EndsWith(" FOUND", StringComparison.Ordinal))
        {
            var signature = reply[(reply.IndexOf(':', StringComparison.Ordinal) + 1)..^" FOUND".Length].Trim();
            return new ScanResult(ScanVerdict.Infected, signature);
        }
        if (reply.Contains("size limit exceeded", StringComparison.OrdinalIgnoreCase))
        {
            return new ScanResult(ScanVerdict.TooLarge, null); // clamd's StreamMaxLength is below the app's limit
        }
        return reply.EndsWith(": OK", StringComparison.Ordinal)
            ? new ScanResult(ScanVerdict.Clean, null)
            : throw new ScannerUnavailableException("The virus scanner could not scan the file.");
    }

    public ValueTask DisposeAsync()
    {
        client.Dispose();
        return ValueTask.CompletedTask;
    }
}
