using System.Threading.Channels;
using KeneyApp.Platform.Data;

namespace KeneyApp.Platform.Audit;

/// <summary>
/// Commits the entries recorded outside a change's transaction — reads, mostly — before their answer leaves:
/// requests queue their entries and one loop inserts whatever has queued in one transaction (group commit), so
/// a durable PostgreSQL flushes once for many reads rather than once per read. <see cref="AppendAsync"/>
/// completes once its entry is committed; the entries are sealed into their chain just after, by the
/// <see cref="AuditSealer"/>. Runs in its own DbContext so an audit write never commits a handler's changes.
/// </summary>
public sealed class AuditWriter(IServiceScopeFactory scopes, AuditSealer sealer, ILogger<AuditWriter> logger) : BackgroundService
{
    private const int MaxBatch = 500;

    private readonly Channel<(AuditEntry Entry, TaskCompletionSource Done)> _queue =
        Channel.CreateUnbounded<(AuditEntry, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });
    private volatile bool _running;

    public Task AppendAsync(AuditEntry entry, CancellationToken ct = default)
    {
        if (!_running)
        {
            // Admin commands run without the host's background services: write at once.
            return InsertAsync([entry], ct);
        }
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Writer.TryWrite((entry, done));
        return done.Task.WaitAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _running = true;
        var batch = new List<(AuditEntry Entry, TaskCompletionSource Done)>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                await DrainAsync(batch);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            _running = false;
            await DrainAsync(batch); // what was queued before shutdown is still written
        }
    }

    private async Task DrainAsync(List<(AuditEntry Entry, TaskCompletionSource Done)> batch)
    {
        while (_queue.Reader.TryRead(out var first))
        {
            batch.Clear();
            batch.Add(first);
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }
            try
            {
                await InsertAsync(batch.Select(i => i.Entry).ToList(), CancellationToken.None);
                batch.ForEach(i => i.Done.TrySetResult());
            }
            catch (Exception e) when (batch.Count > 1)
            {
                // One bad entry must not fail the reads it was grouped with: each goes in on its own.
                logger.LogWarning("Audit append of {EntryCount} entries failed ({ExceptionType}): writing them one by one", batch.Count, e.GetType().Name);
                foreach (var item in batch)
                {
                    await InsertOneAsync(item);
                }
            }
            catch (Exception e)
            {
                logger.LogError("Audit append failed: {ExceptionType}", e.GetType().Name);
                batch.ForEach(i => i.Done.TrySetException(e));
            }
        }
    }

    private async Task InsertOneAsync((AuditEntry Entry, TaskCompletionSource Done) item)
    {
        try
        {
            await InsertAsync([item.Entry], CancellationToken.None);
            item.Done.TrySetResult();
        }
        catch (Exception e)
        {
            logger.LogError("Audit append failed: {ExceptionType}", e.GetType().Name);
            item.Done.TrySetException(e);
        }
    }

    private async Task InsertAsync(IReadOnlyList<AuditEntry> entries, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.AuditEntries.AddRange(entries);
        await db.SaveChangesAsync(ct);
        sealer.Wake();
    }
}
