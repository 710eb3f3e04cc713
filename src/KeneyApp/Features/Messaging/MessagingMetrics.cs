using System.Diagnostics.Metrics;

namespace KeneyApp.Features.Messaging;

/// <summary>Counters of the seed document (exported as <c>messages_sent_total</c> …); no labels, so no ids or PHI.</summary>
public sealed class MessagingMetrics
{
    private readonly Counter<long> _sent;
    private readonly Counter<long> _read;
    private readonly Counter<long> _urgent;

    public MessagingMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Platform.Observability.MetricsSetup.MeterName);
        _sent = meter.CreateCounter<long>("messages_sent", description: "Messages sent");
        _read = meter.CreateCounter<long>("messages_read", description: "Messages opened or marked read by their receiver");
        _urgent = meter.CreateCounter<long>("messages_urgent", description: "Urgent messages sent");
    }

    public void Sent(bool urgent)
    {
        _sent.Add(1);
        if (urgent)
        {
            _urgent.Add(1);
        }
    }

    public void Read() => _read.Add(1);
}
