using KeneyApp.Platform.Crypto;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Tests.Platform.Crypto;

/// <summary>The key ring's own rules, each stated so that breaking it fails a test (found by mutation testing).</summary>
public sealed class KeyRingTests
{
    private static TenantKey WrappedRow(TestKeyRing ring, int? tenantId, byte[] dataKey) => new()
    {
        TenantId = tenantId,
        WrappedKey = Aead.Seal(ring.Master.Bytes, dataKey, TenantKey.WrapContext(tenantId)),
        MasterKeyId = ring.Master.Id,
        IsActive = true,
        CreatedAt = DateTime.UtcNow,
    };

    [Fact]
    public void Encryption_uses_the_newest_active_key_of_the_clinic()
    {
        using var ring = new TestKeyRing();
        var (older, _) = ring.Keys.ActiveKey(3);
        var newerKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(Aead.KeySize);
        var newer = ring.InScope(db =>
        {
            var row = WrappedRow(ring, 3, newerKey);
            db.Add(row);
            db.SaveChanges();
            return row.Id;
        });
        Assert.True(newer > older);
        using var restarted = ring.FreshRing(ring.Master);
        var active = restarted.ActiveKey(3);
        Assert.Equal(newer, active.KeyId);
        Assert.Equal(newerKey, active.Key);
    }

    [Fact]
    public void A_data_key_opens_only_for_its_own_clinic_from_memory_and_from_the_database()
    {
        using var ring = new TestKeyRing();
        var (keyId, _) = ring.Keys.ActiveKey(4);
        Assert.Throws<DecryptionFailedException>(() => ring.Keys.KeyById(keyId, 5));
        Assert.Throws<DecryptionFailedException>(() => ring.Keys.KeyById(keyId, null));
        using var restarted = ring.FreshRing(ring.Master);
        Assert.Throws<DecryptionFailedException>(() => restarted.KeyById(keyId, 5));
        Assert.NotEmpty(restarted.KeyById(keyId, 4));
    }

    [Fact]
    public void A_wrapped_key_moved_to_another_clinic_does_not_unwrap()
    {
        using var ring = new TestKeyRing();
        var (keyId, _) = ring.Keys.ActiveKey(6);
        ring.InScope(db => db.Set<TenantKey>().Where(k => k.Id == keyId).ExecuteUpdate(s => s.SetProperty(k => k.TenantId, 7)));
        using var restarted = ring.FreshRing(ring.Master);
        Assert.Throws<DecryptionFailedException>(() => restarted.KeyById(keyId, 7));
    }

    [Fact]
    public void A_key_wrapped_under_another_master_key_is_not_used()
    {
        using var ring = new TestKeyRing();
        var (keyId, _) = ring.Keys.ActiveKey(8);
        using var other = ring.FreshRing(MasterKey.Generate());
        Assert.Throws<DecryptionFailedException>(() => other.KeyById(keyId, 8));
    }
}
