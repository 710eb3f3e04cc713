using System.Threading.Channels;
using KeneyApp.Platform.Crypto;
using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace KeneyApp.Platform.Audit;

/// <summary>
/// Appends entries to each clinic's sealed chain. A chain is a sequence, so appends to it are serialised; to keep
/// that from capping throughput at one database round trip per request, requests queue their entries and one
/// loop appends whatever has queued in one transaction per chain (group commit). A request's
/// <see cref="AppendAsync"/> completes once its entry is committed, so nothing acknowledged is lost. Across
/// nodes, a PostgreSQL append succeeds only from the head it was sealed after (<see cref="AuditAppendOnPostgres"/>);
/// the head is locked only when another node got there first. Runs in its own DbContext so an audit write never
/// commits a handler's half-done changes.
/// </summary>
public sealed class AuditWriter(IServiceScopeFactory scopes, KeyRing keys, ILogger<AuditWriter> logger) : BackgroundService
{
    private const int MaxBatch = 500;

    // PostgreSQL: each chain's head as this process last wrote it, so that an append needs no read first (guarded by _appendLock).
    private readonly Dictionary<int, (long Sequence, string Hash)> _heads = [];
    private readonly SemaphoreSlim _appendLock = new(1, 1);
    private readonly Channel<(AuditEntry Entry, TaskCompletionSource Done)> _queue =
        Channel.CreateUnbounded<(AuditEntry, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });
    private volatile bool _running;

    public Task AppendAsync(AuditEntry entry, CancellationToken ct = default)
    {
        // PostgreSQL keeps microseconds: seal what the database will give back.
        entry.OccurredAt = new DateTime(entry.OccurredAt.Ticks - entry.OccurredAt.Ticks % 10, DateTimeKind.Utc);
        if (!_running)
        {
            // Admin commands run without the host's background services: write at once.
            return WriteChainAsync(entry.TenantId, [entry], ct);
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
            foreach (var chain in batch.GroupBy(i => i.Entry.TenantId))
            {
                try
                {
                    await WriteChainAsync(chain.Key, chain.Select(i => i.Entry).ToList(), CancellationToken.None);
                    foreach (var item in chain)
                    {
                        item.Done.TrySetResult();
                    }
                }
                catch (Exception e)
                {
                    logger.LogError("Audit append failed for chain {ChainId}: {ExceptionType}", chain.Key ?? 0, e.GetType().Name);
                    foreach (var item in chain)
                    {
                        item.Done.TrySetException(e);
                    }
                }
            }
        }
    }

    private async Task WriteChainAsync(int? tenantId, IReadOnlyList<AuditEntry> entries, CancellationToken ct)
    {
        // One append at a time per process (the loop is one already; admin commands write directly): only other
        // nodes can move a chain's head under this one, and each such conflict means one of them got through.
        await _appendLock.WaitAsync(ct);
        try
        {
            await WriteChainLockedAsync(tenantId, entries, ct);
        }
        finally
        {
            _appendLock.Release();
        }
    }

    private async Task WriteChainLockedAsync(int? tenantId, IReadOnlyList<AuditEntry> entries, CancellationToken ct)
    {
        // Before the transaction: a clinic's first key is created in a connection of its own.
        var (keyId, dataKey) = keys.ActiveKey(tenantId);
        var macKey = AuditChain.MacKey(dataKey);
        var chainId = tenantId ?? 0;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (db.Database.IsNpgsql())
        {
            await db.WithConnectionAsync(connection => AppendOnPostgresAsync((NpgsqlConnection)connection, chainId, entries, keyId, macKey, ct), ct);
            return;
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var head = await db.Set<AuditHead>().FirstOrDefaultAsync(h => h.ChainId == chainId, ct);
        if (head is null)
        {
            head = new AuditHead { ChainId = chainId, Sequence = 0, Hash = AuditChain.Genesis };
            db.Add(head);
        }
        var (sequence, hash) = Seal(entries, (head.Sequence, head.Hash), keyId, macKey);
        head.Sequence = sequence;
        head.Hash = hash;
        db.AuditEntries.AddRange(entries);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Seals the batch after the head this process last wrote and appends it in one statement. If this process
    /// has no head for the chain yet, or another node appended since, that statement writes nothing: the batch is
    /// then sealed after the stored head, read under a row lock so that no other writer can move it meanwhile.
    /// </summary>
    private async Task AppendOnPostgresAsync(NpgsqlConnection connection, int chainId, IReadOnlyList<AuditEntry> entries, int keyId,
        byte[] macKey, CancellationToken ct)
    {
        if (_heads.TryGetValue(chainId, out var cached))
        {
            var sealedAfterCache = Seal(entries, cached, keyId, macKey);
            if (await AuditAppendOnPostgres.TryAppendAsync(connection, chainId, cached, entries, ct))
            {
                _heads[chainId] = sealedAfterCache;
                return;
            }
            _heads.Remove(chainId);
        }
        await using var tx = await connection.BeginTransactionAsync(ct);
        var head = await AuditAppendOnPostgres.LockHeadAsync(connection, chainId, ct);
        var last = Seal(entries, head, keyId, macKey);
        if (!await AuditAppendOnPostgres.TryAppendAsync(connection, chainId, head, entries, ct))
        {
            throw new InvalidOperationException($"Audit chain {chainId} moved while its head was locked.");
        }
        await tx.CommitAsync(ct);
        _heads[chainId] = last;
    }

    /// <summary>Chains the entries after <paramref name="head"/>; returns the new head.</summary>
    private static (long Sequence, string Hash) Seal(IReadOnlyList<AuditEntry> entries, (long Sequence, string Hash) head, int keyId, byte[] macKey)
    {
        foreach (var entry in entries)
        {
            entry.KeyId = keyId;
            entry.Sequence = head.Sequence + 1;
            entry.PreviousHash = head.Hash;
            entry.Hash = AuditChain.Compute(entry, macKey);
            head = (entry.Sequence, entry.Hash);
        }
        return head;
    }
}
