using System.Text;
using KeneyApp.Platform.Observability;
using Serilog.Events;
using Serilog.Formatting.Compact;
using Serilog.Parsing;

namespace KeneyApp.Tests.Platform.Observability;

public class BatchedStdoutSinkTests
{
    [Fact]
    public async Task Each_batch_is_written_whole_as_utf8_json_lines_whatever_its_size()
    {
        using var output = new MemoryStream();
        using var sink = new BatchedStdoutSink(new CompactJsonFormatter(), output);
        // Big enough to span many of the text buffer's chunks and to outgrow the first byte buffer, with
        // multi-byte characters (and surrogate pairs) across the chunk boundaries.
        var text = string.Concat(Enumerable.Repeat("é😀", 150));
        var big = Enumerable.Range(0, 400).Select(i => Event($"ligne {i} " + text)).ToList();
        var small = new[] { Event("après") };

        await sink.EmitBatchAsync(big);
        await sink.EmitBatchAsync(small);

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(401, lines.Length);
        Assert.All(lines[..400], line => Assert.Contains(text + "\"", line, StringComparison.Ordinal));
        Assert.Contains("\"après\"", lines[400], StringComparison.Ordinal);
    }

    private static LogEvent Event(string text) => new(DateTimeOffset.UnixEpoch, LogEventLevel.Information, null,
        new MessageTemplateParser().Parse("{Text}"), [new LogEventProperty("Text", new ScalarValue(text))]);
}
