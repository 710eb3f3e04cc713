using System.Text.Json;
using KeneyApp.Platform.Observability;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Serilog.Events;
using Serilog.Parsing;

namespace KeneyApp.Tests.Platform.Observability;

/// <summary>Machines read the logs in production (JSON); a person reads them in development (lines).</summary>
public sealed class LogFormatTests
{
    private static string Render(string environment)
    {
        var template = new MessageTemplateParser().Parse("HTTP {RequestMethod} {RouteTemplate} responded {StatusCode}");
        var logEvent = new LogEvent(DateTimeOffset.UnixEpoch, LogEventLevel.Information, null, template,
        [
            new LogEventProperty("RequestMethod", new ScalarValue("GET")),
            new LogEventProperty("RouteTemplate", new ScalarValue("/api/v1/users/{id:int}")),
            new LogEventProperty("StatusCode", new ScalarValue(403)),
            new LogEventProperty("CorrelationId", new ScalarValue("corr-1")),
        ]);
        using var output = new StringWriter();
        LoggingSetup.Formatter(new HostingEnvironment { EnvironmentName = environment }).Format(logEvent, output);
        return output.ToString();
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void Outside_development_each_event_is_one_json_object(string environment)
    {
        var json = JsonDocument.Parse(Render(environment)).RootElement;
        Assert.Equal("/api/v1/users/{id:int}", json.GetProperty("RouteTemplate").GetString());
        Assert.Equal("corr-1", json.GetProperty("CorrelationId").GetString());
    }

    [Fact]
    public void In_development_each_event_is_a_readable_line_with_its_correlation_id()
    {
        var line = Render(Environments.Development);
        Assert.Contains("INF HTTP GET /api/v1/users/{id:int} responded 403", line, StringComparison.Ordinal);
        Assert.Contains("corr-1", line, StringComparison.Ordinal);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(line));
    }
}
