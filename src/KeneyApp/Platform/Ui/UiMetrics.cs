using System.Diagnostics.Metrics;

namespace KeneyApp.Platform.Ui;

/// <summary>
/// How long a live page takes, on the server, to show its data: from the page receiving its parameters (a
/// navigation) to its render with the data (the trip to the browser and its drawing not included). Labelled by a fixed page name only, never by id. Fine buckets, so a
/// percentile read from them is close to the truth (the benchmark reads the chart's p95 here).
/// </summary>
public sealed class UiMetrics : IDisposable
{
    private static readonly double[] Buckets =
        [0.001, 0.002, 0.003, 0.004, 0.005, 0.006, 0.008, 0.010, 0.012, 0.015, 0.020, 0.025, 0.030, 0.040, 0.050, 0.060, 0.080, 0.100,
            0.125, 0.150, 0.200, 0.250, 0.300, 0.400, 0.500, 0.750, 1, 1.5, 2, 3, 5, 10];

    private readonly Meter _meter = new(Observability.MetricsSetup.MeterName);
    private readonly Histogram<double> _render;

    public UiMetrics() => _render = _meter.CreateHistogram<double>("keneyapp.ui.page.render.duration", "s",
        "Server time from a live page's navigation to its render with the data", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets });

    public void Rendered(string page, TimeSpan elapsed) => _render.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("page", page));

    public void Dispose() => _meter.Dispose();
}
