using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Platform.Crypto;

/// <summary>
/// Key rotation without touching content. Master rotation re-wraps every data key under the new master key
/// (content keeps its key ids); data-key rotation gives each tenant a fresh active key for new writes, the old
/// ones stay for reading.
/// </summary>
public sealed class RotateKeys(AppDbContext db, MasterKey current, TimeProvider clock)
{
    public async Task<int> RewrapAsync(MasterKey next, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var keys = await db.Set<TenantKey>().ToListAsync(ct);
        foreach (var key in keys)
        {
            if (key.MasterKeyId != current.Id)
            {
                throw new DecryptionFailedException($"Data key {key.Id} is not wrapped under the current master key.");
            }
            var dataKey = Aead.Open(current.Bytes, key.WrappedKey, TenantKey.WrapContext(key.TenantId));
            key.WrappedKey = Aead.Seal(next.Bytes, dataKey, TenantKey.WrapContext(key.TenantId));
            key.MasterKeyId = next.Id;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return keys.Count;
    }

    public async Task<int> NewDataKeysAsync(CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var active = await db.Set<TenantKey>().Where(k => k.IsActive).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var old in active)
        {
            old.IsActive = false;
            var fresh = System.Security.Cryptography.RandomNumberGenerator.GetBytes(Aead.KeySize);
            db.Add(new TenantKey
            {
                TenantId = old.TenantId,
                WrappedKey = Aead.Seal(current.Bytes, fresh, TenantKey.WrapContext(old.TenantId)),
                MasterKeyId = current.Id,
                IsActive = true,
                CreatedAt = now,
            });
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return active.Count;
    }
}
