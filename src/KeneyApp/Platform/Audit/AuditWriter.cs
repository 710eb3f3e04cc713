using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Platform.Audit;

/// <summary>
/// Appends entries to the per-tenant hash chain. Appends are serialised (in process by a lock, across nodes on
/// PostgreSQL by an advisory transaction lock) so two writers never fork the chain. Runs in its own DbContext
/// so an audit write never commits a handler's half-done changes.
/// </summary>
public sealed class AuditWriter(IServiceScopeFactory scopes) : IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);

    public async Task AppendAsync(AuditEntry entry, CancellationToken ct = default)
    {
        // PostgreSQL keeps microseconds: hash what the database will give back.
        entry.OccurredAt = new DateTime(entry.OccurredAt.Ticks - entry.OccurredAt.Ticks % 10, DateTimeKind.Utc);
        await _lock.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (db.Database.IsNpgsql())
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(7365, {entry.TenantId ?? 0})", ct);
            }
            var last = await db.AuditEntries.AsNoTracking()
                .Where(a => a.TenantId == entry.TenantId)
                .OrderByDescending(a => a.Sequence)
                .Select(a => new { a.Sequence, a.Hash })
                .FirstOrDefaultAsync(ct);
            entry.Sequence = (last?.Sequence ?? 0) + 1;
            entry.PreviousHash = last?.Hash ?? AuditChain.Genesis;
            entry.Hash = AuditChain.Compute(entry);
            db.AuditEntries.Add(entry);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Dispose() => _lock.Dispose();
}
