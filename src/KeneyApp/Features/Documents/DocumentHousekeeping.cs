using KeneyApp.Platform.Data;
using KeneyApp.Platform.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KeneyApp.Features.Documents;

/// <summary>
/// Every <c>Documents:HousekeepingMinutes</c> (60): removes the files of documents archived for longer than the
/// retention period (<c>Documents:RetentionDays</c>, 30; the row stays, for the record and the audit trail), removes
/// stored files that no document names (an upload interrupted after its file was written, or a partial file left by
/// a killed process) once older than <c>Documents:OrphanGraceMinutes</c> and not claimed by an upload in progress
/// (<see cref="UploadInProgress"/>), and measures the live documents' size.
/// </summary>
public sealed class DocumentHousekeeping(IServiceScopeFactory scopes, IBlobStore store, DocumentMetrics metrics, TimeProvider clock,
    IOptions<DocumentsOptions> options, ILogger<DocumentHousekeeping> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMinutes(Math.Clamp(options.Value.HousekeepingMinutes, 0.01, 24 * 60));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunAsync(stoppingToken);
                await Task.Delay(interval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning("Document housekeeping failed: {ExceptionType}", e.GetType().Name);
                await Task.Delay(TimeSpan.FromMinutes(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    public async Task RunAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow();
        var purged = await PurgeArchivedAsync(db, now, ct);
        var orphans = await SweepOrphansAsync(db, now, ct);
        metrics.TotalSize(await db.Set<Document>().IgnoreQueryFilters().Where(d => d.DeletedAt == null).SumAsync(d => d.FileSize, ct));
        if (purged + orphans > 0)
        {
            logger.LogInformation("Document housekeeping: {Purged} archived files purged, {Orphans} orphan files removed", purged, orphans);
        }
    }

    private async Task<int> PurgeArchivedAsync(AppDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var before = now.UtcDateTime.AddDays(-options.Value.RetentionDays);
        var due = await db.Set<Document>().IgnoreQueryFilters()
            .Where(d => d.DeletedAt != null && d.DeletedAt < before && d.FilePurgedAt == null)
            .OrderBy(d => d.Id).Take(500).ToListAsync(ct);
        foreach (var document in due)
        {
            await store.DeleteAsync(document.StorageKey, ct);
            if (document.PreviewStorageKey is { } preview)
            {
                await store.DeleteAsync(preview, ct);
            }
            document.FilePurgedAt = now.UtcDateTime;
        }
        await db.SaveChangesAsync(ct);
        return due.Count;
    }

    private async Task<int> SweepOrphansAsync(AppDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var graceEnd = now - TimeSpan.FromMinutes(options.Value.OrphanGraceMinutes);
        var old = new List<string>();
        await foreach (var (key, lastWritten) in store.ListAsync(ct))
        {
            if (lastWritten < graceEnd)
            {
                old.Add(key);
            }
        }
        var removed = 0;
        var staleClaims = now.UtcDateTime - UploadInProgress.StaleAfter;
        foreach (var batch in old.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            var rows = await db.Set<Document>().IgnoreQueryFilters()
                .Where(d => (batch.Contains(d.StorageKey) || batch.Contains(d.PreviewStorageKey!)) && d.FilePurgedAt == null)
                .Select(d => new { d.StorageKey, d.PreviewStorageKey }).ToListAsync(ct);
            var named = rows.SelectMany(d => new[] { d.StorageKey, d.PreviewStorageKey }).OfType<string>().ToHashSet(StringComparer.Ordinal);
            // An upload still writing (or extracting, or committing) has claimed its keys.
            named.UnionWith(await db.Set<UploadInProgress>().Where(u => batch.Contains(u.StorageKey) && u.StartedAt >= staleClaims)
                .Select(u => u.StorageKey).ToListAsync(ct));
            foreach (var key in batch.Where(k => !named.Contains(k)))
            {
                await store.DeleteAsync(key, ct);
                removed++;
            }
        }
        // The claims of uploads whose process died: their files, if any, went above.
        await db.Set<UploadInProgress>().Where(u => u.StartedAt < staleClaims).ExecuteDeleteAsync(ct);
        return removed;
    }
}
