using System.Diagnostics.Metrics;

namespace KeneyApp.Features.Documents;

/// <summary>
/// <c>documents_uploaded_total</c>, <c>documents_downloaded_total</c> and <c>documents_total_size_bytes</c> (the live
/// documents of every clinic, as last measured by <see cref="DocumentHousekeeping"/>). No labels: no ids, no PHI.
/// </summary>
public sealed class DocumentMetrics
{
    private readonly Counter<long> _uploaded;
    private readonly Counter<long> _downloaded;
    private long _totalSize;

    public DocumentMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Platform.Observability.MetricsSetup.MeterName);
        _uploaded = meter.CreateCounter<long>("documents_uploaded", description: "Documents kept after upload");
        _downloaded = meter.CreateCounter<long>("documents_downloaded", description: "Document downloads started");
        meter.CreateObservableGauge("documents_total_size_bytes", () => Interlocked.Read(ref _totalSize),
            description: "Bytes of the live documents of every clinic (original sizes)");
    }

    public void Uploaded() => _uploaded.Add(1);

    public void Downloaded() => _downloaded.Add(1);

    public void TotalSize(long bytes) => Interlocked.Exchange(ref _totalSize, bytes);
}
