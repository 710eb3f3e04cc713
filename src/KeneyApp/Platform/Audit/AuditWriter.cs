using System.Collections.Concurrent;
using KeneyApp.Platform.Crypto;
using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Platform.Audit;

/// <summary>
/// Appends entries to the per-tenant chain. Appends of one chain are serialised (in process by a lock per
/// chain, across nodes on PostgreSQL by an advisory transaction lock) so two writers never fork it. Runs in its
/// own DbContext so an audit write never commits a handler's half-done changes.
/// </summary>
public sealed class AuditWriter(IServiceScopeFactory scopes, KeyRing keys) : IDisposable
{
    private readonly ConcurrentDictionary<int, SemaphoreSlim> _locks = new();

    public async Task AppendAsync(AuditEntry entry, CancellationToken ct = default)
    {
        // PostgreSQL keeps microseconds: seal what the database will give back.
        entry.OccurredAt = new DateTime(entry.OccurredAt.Ticks - entry.OccurredAt.Ticks % 10, DateTimeKind.Utc);
        // Before any transaction: a clinic's first key is created in a connection of its own.
        var (keyId, dataKey) = keys.ActiveKey(entry.TenantId);
        entry.KeyId = keyId;
        var chainId = entry.TenantId ?? 0;
        var gate = _locks.GetOrAdd(chainId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (db.Database.IsNpgsql())
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(7365, {chainId})", ct);
            }
            var head = await db.Set<AuditHead>().FirstOrDefaultAsync(h => h.ChainId == chainId, ct);
            if (head is null)
            {
                head = new AuditHead { ChainId = chainId, Sequence = 0, Hash = AuditChain.Genesis };
                db.Add(head);
            }
            entry.Sequence = head.Sequence + 1;
            entry.PreviousHash = head.Hash;
            entry.Hash = AuditChain.Compute(entry, AuditChain.MacKey(dataKey));
            head.Sequence = entry.Sequence;
            head.Hash = entry.Hash;
            db.AuditEntries.Add(entry);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose()
    {
        foreach (var gate in _locks.Values)
        {
            gate.Dispose();
        }
    }
}
