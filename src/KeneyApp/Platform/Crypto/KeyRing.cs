using System.Collections.Concurrent;
using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Platform.Crypto;

/// <summary>
/// Unwrapped tenant data keys, cached in memory. A clinic's first encryption creates its key; the database holds
/// only the wrapped form, bound to the clinic by associated data (a key row moved to another clinic fails).
/// Loading is asynchronous and never holds a thread: every key is loaded at start-up (<see cref="LoadAllAsync"/>),
/// and before a request's handler runs its clinic's keys are loaded or created (<see cref="EnsureLoadedAsync"/>,
/// from <see cref="ClinicKeys"/>), so encryption, which is synchronous, finds them in memory. Only a key created
/// meanwhile by another node (a data-key rotation on a live cluster) is still loaded on the spot, by waiting.
/// </summary>
public sealed class KeyRing(MasterKey master, IServiceScopeFactory scopes, TimeProvider clock) : IDisposable
{
    private readonly ConcurrentDictionary<int, (int? TenantId, byte[] Key)> _byId = new();
    private readonly ConcurrentDictionary<int, int> _activeByTenant = new();
    private readonly SemaphoreSlim _createGate = new(1, 1);
    private const int PlatformSlot = -1;

    public void Dispose() => _createGate.Dispose();

    public (int KeyId, byte[] Key) ActiveKey(int? tenantId) =>
        TryActive(tenantId, out var cached) ? cached : ActiveKeyAsync(tenantId, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public async ValueTask<(int KeyId, byte[] Key)> ActiveKeyAsync(int? tenantId, CancellationToken ct)
    {
        if (TryActive(tenantId, out var cached))
        {
            return cached;
        }
        // One creator at a time, so two requests can't each give a new clinic a key.
        await _createGate.WaitAsync(ct);
        try
        {
            if (TryActive(tenantId, out cached))
            {
                return cached;
            }
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var row = await db.Set<TenantKey>().Where(k => k.TenantId == tenantId && k.IsActive).OrderByDescending(k => k.Id).FirstOrDefaultAsync(ct)
                ?? await CreateKeyAsync(db, tenantId, ct);
            var key = Unwrap(row);
            _activeByTenant[tenantId ?? PlatformSlot] = row.Id;
            return (row.Id, key);
        }
        finally
        {
            _createGate.Release();
        }
    }

    /// <exception cref="DecryptionFailedException">Unknown key, or a key of another tenant.</exception>
    public byte[] KeyById(int keyId, int? tenantId) =>
        _byId.TryGetValue(keyId, out var entry) ? Owned(entry, tenantId) : KeyByIdAsync(keyId, tenantId, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    /// <exception cref="DecryptionFailedException">Unknown key, or a key of another tenant.</exception>
    public async ValueTask<byte[]> KeyByIdAsync(int keyId, int? tenantId, CancellationToken ct)
    {
        if (!_byId.TryGetValue(keyId, out var entry))
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var row = await db.Set<TenantKey>().AsNoTracking().FirstOrDefaultAsync(k => k.Id == keyId, ct)
                ?? throw new DecryptionFailedException("Unknown data key.");
            entry = (row.TenantId, Unwrap(row)); // not re-read from the cache, which Clear() may empty meanwhile
        }
        return Owned(entry, tenantId);
    }

    /// <summary>The clinic's active key, made if it has none yet, and its older keys: in memory before a request needs them.</summary>
    public async ValueTask EnsureLoadedAsync(int? tenantId, CancellationToken ct)
    {
        if (_activeByTenant.ContainsKey(tenantId ?? PlatformSlot))
        {
            return;
        }
        await ActiveKeyAsync(tenantId, ct);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        foreach (var row in await db.Set<TenantKey>().AsNoTracking().Where(k => k.TenantId == tenantId && k.MasterKeyId == master.Id).ToListAsync(ct))
        {
            if (!_byId.ContainsKey(row.Id))
            {
                Opens(row);
            }
        }
    }

    private bool TryActive(int? tenantId, out (int KeyId, byte[] Key) key)
    {
        if (_activeByTenant.TryGetValue(tenantId ?? PlatformSlot, out var id) && _byId.TryGetValue(id, out var cached))
        {
            key = (id, cached.Key);
            return true;
        }
        key = default;
        return false;
    }

    private static byte[] Owned((int? TenantId, byte[] Key) entry, int? tenantId) =>
        entry.TenantId == tenantId ? entry.Key : throw new DecryptionFailedException("Data key of another tenant.");

    /// <summary>
    /// Loads every data key wrapped under the configured master key, at start-up: requests then never wait on a
    /// cache miss (a burst of them would each block a thread-pool thread). Keys created later load on first use.
    /// </summary>
    public async Task LoadAllAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var rows = await db.Set<TenantKey>().AsNoTracking().Where(k => k.MasterKeyId == master.Id).ToListAsync(ct);
        foreach (var row in rows)
        {
            try
            {
                Unwrap(row);
            }
            catch (DecryptionFailedException)
            {
                continue; // a damaged or moved key row fails that clinic's reads on use, not the whole start-up
            }
            if (row.IsActive)
            {
                // The newest active key wins, also over one that a request cached meanwhile.
                _activeByTenant.AddOrUpdate(row.TenantId ?? PlatformSlot, row.Id, (_, cached) => Math.Max(cached, row.Id));
            }
        }
    }

    /// <summary>Whether the configured master key opens every active data key; null until checked.</summary>
    public bool? MasterKeyOpensDataKeys { get; private set; }

    /// <summary>
    /// Checks that the configured master key opens every clinic's active data key. A wrong <c>ENCRYPTION_KEY</c>
    /// (another installation's, or a typo that still decodes) opens none: the host must not report ready and
    /// then answer 500 on every patient read. Returns how many active keys it cannot open.
    /// </summary>
    public async Task<int> VerifyMasterKeyAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var active = await db.Set<TenantKey>().AsNoTracking().Where(k => k.IsActive).ToListAsync(ct);
        var unopenable = active.Count(row => !Opens(row));
        MasterKeyOpensDataKeys = unopenable == 0;
        return unopenable;
    }

    private bool Opens(TenantKey row)
    {
        try
        {
            Unwrap(row);
            return true;
        }
        catch (DecryptionFailedException)
        {
            return false;
        }
    }

    internal int CachedKeyCount => _byId.Count;

    /// <summary>Forgets cached keys (after rotation by another process, and in tests).</summary>
    public void Clear()
    {
        _byId.Clear();
        _activeByTenant.Clear();
        MasterKeyOpensDataKeys = null;
    }

    private async Task<TenantKey> CreateKeyAsync(AppDbContext db, int? tenantId, CancellationToken ct)
    {
        var dataKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(Aead.KeySize);
        var row = new TenantKey
        {
            TenantId = tenantId,
            WrappedKey = Aead.Seal(master.Bytes, dataKey, TenantKey.WrapContext(tenantId)),
            MasterKeyId = master.Id,
            IsActive = true,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Add(row);
        await db.SaveChangesAsync(ct);
        return row;
    }

    private byte[] Unwrap(TenantKey row)
    {
        if (row.MasterKeyId != master.Id)
        {
            throw new DecryptionFailedException($"Data key {row.Id} is wrapped under master key {row.MasterKeyId}, not the configured one.");
        }
        var key = Aead.Open(master.Bytes, row.WrappedKey, TenantKey.WrapContext(row.TenantId));
        _byId[row.Id] = (row.TenantId, key);
        return key;
    }
}
