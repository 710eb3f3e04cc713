namespace KeneyApp.Platform.Jobs;

/// <summary>
/// Rung by a handler once it committed an event that others act on (a message to notify, a result released), so
/// the notification sweep runs at once rather than at its next poll. Only a hint: the committed rows are the truth.
/// </summary>
public sealed class OutboxSignal : IDisposable
{
    private readonly WakeUp _bell = new();

    public void Ring() => _bell.Ring();

    public Task<bool> WaitAsync(TimeSpan interval, CancellationToken stoppingToken) => _bell.WaitAsync(interval, stoppingToken);

    public void Dispose() => _bell.Dispose();
}
