using System.Collections.Concurrent;
using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Platform.Crypto;

/// <summary>
/// Unwrapped tenant data keys, cached in memory. A tenant's first encryption creates its key; the database
/// holds only the wrapped form, bound to the tenant by associated data (a key row moved to another tenant fails).
/// A cache miss (once per key and process) waits on an asynchronous query: encryption is synchronous, but
/// multiplexed PostgreSQL connections do asynchronous I/O only (DataSetup.Tuned).
/// </summary>
public sealed class KeyRing(MasterKey master, IServiceScopeFactory scopes, TimeProvider clock)
{
    private readonly ConcurrentDictionary<int, (int? TenantId, byte[] Key)> _byId = new();
    private readonly ConcurrentDictionary<int, int> _activeByTenant = new();
    private readonly Lock _createLock = new();
    private const int PlatformSlot = -1;

    public (int KeyId, byte[] Key) ActiveKey(int? tenantId)
    {
        if (_activeByTenant.TryGetValue(tenantId ?? PlatformSlot, out var id) && _byId.TryGetValue(id, out var cached))
        {
            return (id, cached.Key);
        }
        lock (_createLock)
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var row = db.Set<TenantKey>().Where(k => k.TenantId == tenantId && k.IsActive).OrderByDescending(k => k.Id).FirstOrDefaultAsync().GetAwaiter().GetResult()
                ?? CreateKey(db, tenantId);
            var key = Unwrap(row);
            _activeByTenant[tenantId ?? PlatformSlot] = row.Id;
            return (row.Id, key);
        }
    }

    /// <exception cref="DecryptionFailedException">Unknown key, or a key of another tenant.</exception>
    public byte[] KeyById(int keyId, int? tenantId)
    {
        if (!_byId.TryGetValue(keyId, out var entry))
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var row = db.Set<TenantKey>().AsNoTracking().FirstOrDefaultAsync(k => k.Id == keyId).GetAwaiter().GetResult()
                ?? throw new DecryptionFailedException("Unknown data key.");
            entry = (row.TenantId, Unwrap(row)); // not re-read from the cache, which Clear() may empty meanwhile
        }
        return entry.TenantId == tenantId ? entry.Key : throw new DecryptionFailedException("Data key of another tenant.");
    }

    /// <summary>
    /// Loads every data key wrapped under the configured master key, at start-up: requests then never wait on a
    /// cache miss (a burst of them would each block a thread-pool thread). Keys created later load on first use.
    /// </summary>
    public async Task LoadAllAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var rows = await db.Set<TenantKey>().AsNoTracking().Where(k => k.MasterKeyId == master.Id).OrderBy(k => k.Id).ToListAsync(ct);
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

    private TenantKey CreateKey(AppDbContext db, int? tenantId)
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
        db.SaveChangesAsync().GetAwaiter().GetResult();
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
