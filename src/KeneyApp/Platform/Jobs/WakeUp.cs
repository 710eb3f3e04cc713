namespace KeneyApp.Platform.Jobs;

/// <summary>
/// A background loop's doorbell: work that just committed rings it so the loop runs at once instead of at its
/// next poll; rings while the loop is busy merge into one.
/// </summary>
public sealed class WakeUp : IDisposable
{
    private readonly SemaphoreSlim _bell = new(0, 1);

    public void Ring()
    {
        try
        {
            _bell.Release();
        }
        catch (SemaphoreFullException)
        {
            // already rung: the next pass does everything due
        }
    }

    /// <summary>Waits for a ring or <paramref name="interval"/>; false when the host is stopping.</summary>
    public async Task<bool> WaitAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        try
        {
            await _bell.WaitAsync(interval, stoppingToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose() => _bell.Dispose();
}
