using System.Diagnostics.Metrics;

namespace KeneyApp.Features.Sharing;

/// <summary><c>shares_created_total</c>, <c>shares_accessed_total{outcome}</c> (a small fixed set of outcomes), <c>shares_revoked_total</c>.</summary>
public sealed class ShareMetrics
{
    private readonly Counter<long> _created;
    private readonly Counter<long> _accessed;
    private readonly Counter<long> _revoked;

    public ShareMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Platform.Observability.MetricsSetup.MeterName);
        _created = meter.CreateCounter<long>("shares_created", description: "Record shares created");
        _accessed = meter.CreateCounter<long>("shares_accessed", description: "Attempts to open a share, by outcome");
        _revoked = meter.CreateCounter<long>("shares_revoked", description: "Record shares revoked");
    }

    public void Created() => _created.Add(1);

    public void Accessed(string outcome) => _accessed.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Revoked() => _revoked.Add(1);
}
