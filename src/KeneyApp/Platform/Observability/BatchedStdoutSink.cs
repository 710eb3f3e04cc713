using System.Globalization;
using System.Text;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace KeneyApp.Platform.Observability;

/// <summary>
/// Writes log events to standard output a batch at a time, from Serilog's batching queue. The async console
/// sink it replaces woke its thread and wrote once per event: under load its spinning wait alone took about
/// 13% of the process's CPU (bench/, dotnet-trace). Requests never wait for stdout; a full queue drops events
/// rather than slow requests down, and disposing the logger writes what is still queued.
/// </summary>
internal sealed class BatchedStdoutSink(ITextFormatter formatter, Stream output) : IBatchedLogEventSink, IDisposable
{
    public BatchedStdoutSink(ITextFormatter formatter) : this(formatter, Console.OpenStandardOutput())
    {
    }

    private readonly Stream _stdout = output;

    // Reused from batch to batch (Serilog emits one batch at a time). A batch of a thousand lines is a few hundred
    // kilobytes: a fresh string and byte array for each landed on the large object heap, and under load those
    // allocations set off a full (gen 2) collection several times a minute.
    private readonly StringBuilder _text = new();
    private readonly Encoder _encoder = Utf8.GetEncoder();
    private byte[] _bytes = new byte[64 * 1024];

    public async Task EmitBatchAsync(IReadOnlyCollection<LogEvent> batch)
    {
        // The whole batch is formatted first, then written in one call: a retried batch is never written twice
        // in part, and a line printed by Console.WriteLine can't land inside a JSON line.
        _text.Clear();
        using (var writer = new StringWriter(_text, CultureInfo.InvariantCulture))
        {
            foreach (var logEvent in batch)
            {
                formatter.Format(logEvent, writer);
            }
        }
        var length = EncodeText();
        await _stdout.WriteAsync(_bytes.AsMemory(0, length));
        await _stdout.FlushAsync();
    }

    private int EncodeText()
    {
        var most = Utf8.GetMaxByteCount(_text.Length);
        if (_bytes.Length < most)
        {
            _bytes = new byte[most];
        }
        _encoder.Reset();
        var length = 0;
        foreach (var chunk in _text.GetChunks())
        {
            length += _encoder.GetBytes(chunk.Span, _bytes.AsSpan(length), flush: false);
        }
        return length + _encoder.GetBytes([], _bytes.AsSpan(length), flush: true);
    }

    public Task OnEmptyBatchAsync() => Task.CompletedTask;

    public void Dispose() => _stdout.Dispose();

    private static readonly UTF8Encoding Utf8 = new(false);
}
