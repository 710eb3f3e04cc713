using System.Diagnostics.Metrics;

namespace KeneyApp.Features.Notifications;

/// <summary>
/// <c>notifications_sent_total{type="email"|"sms"}</c> (the label is the channel, as the customer named it),
/// <c>notifications_failed_total</c>, and the queue's depth and oldest due row's age as the last delivery pass saw them.
/// </summary>
public sealed class NotificationMetrics
{
    private readonly Counter<long> _sent;
    private readonly Counter<long> _failed;
    private long _queueDepth;
    private double _oldestAgeSeconds;

    public NotificationMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Platform.Observability.MetricsSetup.MeterName);
        _sent = meter.CreateCounter<long>("notifications_sent", description: "Notifications handed to their provider");
        _failed = meter.CreateCounter<long>("notifications_failed", description: "Notifications given up after their last attempt");
        meter.CreateObservableGauge("notifications_queue_depth", () => Volatile.Read(ref _queueDepth), description: "Notifications due and not yet sent");
        meter.CreateObservableGauge("notifications_oldest_due_age", () => Volatile.Read(ref _oldestAgeSeconds), unit: "s",
            description: "How long the oldest due notification has waited");
    }

    public void Sent(string channel) => _sent.Add(1, new KeyValuePair<string, object?>("type", channel));

    public void Failed(string channel) => _failed.Add(1, new KeyValuePair<string, object?>("type", channel));

    public void Queue(long depth, TimeSpan oldest)
    {
        Volatile.Write(ref _queueDepth, depth);
        Volatile.Write(ref _oldestAgeSeconds, Math.Max(0, oldest.TotalSeconds));
    }
}
