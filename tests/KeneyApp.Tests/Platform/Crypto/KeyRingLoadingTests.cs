using System.Security.Cryptography;
using KeneyApp.Platform.Crypto;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Tests.Platform.Crypto;

/// <summary>
/// What the key ring loads ahead of requests (at start-up, per clinic) and what it reports about the master key.
/// Each test closes the database once loading is done: whatever still works came from memory.
/// </summary>
public sealed class KeyRingLoadingTests
{
    private static int AddKey(TestKeyRing ring, int? tenantId, bool active, MasterKey? master = null) => ring.InScope(db =>
    {
        var wrapping = master ?? ring.Master;
        var row = new TenantKey
        {
            TenantId = tenantId,
            WrappedKey = Aead.Seal(wrapping.Bytes, RandomNumberGenerator.GetBytes(Aead.KeySize), TenantKey.WrapContext(tenantId)),
            MasterKeyId = wrapping.Id,
            IsActive = active,
            CreatedAt = DateTime.UtcNow,
        };
        db.Add(row);
        db.SaveChanges();
        return row.Id;
    });

    [Fact]
    public async Task Start_up_loads_every_key_of_this_master_key_and_the_newest_active_one_encrypts()
    {
        using var ring = new TestKeyRing();
        var older = AddKey(ring, 1, active: true);
        var newest = AddKey(ring, 1, active: true);
        var retired = AddKey(ring, 1, active: false); // newer still, but no longer used to encrypt
        var platform = AddKey(ring, null, active: true);
        var foreign = AddKey(ring, 2, active: true, master: MasterKey.Generate());
        using var restarted = ring.FreshRing(ring.Master);
        await restarted.LoadAllAsync(default);
        ring.CloseDatabase();

        Assert.Equal(newest, restarted.ActiveKey(1).KeyId);
        Assert.Equal(platform, restarted.ActiveKey(null).KeyId);
        Assert.NotEmpty(restarted.KeyById(older, 1));
        Assert.NotEmpty(restarted.KeyById(retired, 1));
        Assert.Equal(4, restarted.CachedKeyCount);
        Assert.ThrowsAny<Exception>(() => restarted.KeyById(foreign, 2)); // not loaded: only the database, now gone, has it
    }

    [Fact]
    public async Task A_damaged_key_row_does_not_stop_start_up_and_the_other_keys_load()
    {
        using var ring = new TestKeyRing();
        var damaged = AddKey(ring, 1, active: true);
        ring.InScope(db => db.Set<TenantKey>().Where(k => k.Id == damaged).ExecuteUpdate(s => s.SetProperty(k => k.TenantId, 9)));
        var sound = AddKey(ring, 2, active: true);
        using var restarted = ring.FreshRing(ring.Master);
        await restarted.LoadAllAsync(default);
        ring.CloseDatabase();

        Assert.Equal(sound, restarted.ActiveKey(2).KeyId);
        Assert.Equal(1, restarted.CachedKeyCount);
    }

    [Fact]
    public async Task A_clinics_keys_are_loaded_once_before_its_requests_and_only_that_clinics()
    {
        using var ring = new TestKeyRing();
        var retired = AddKey(ring, 1, active: false);
        var active = AddKey(ring, 1, active: true);
        AddKey(ring, 2, active: true);
        AddKey(ring, 1, active: false, master: MasterKey.Generate());
        using var restarted = ring.FreshRing(ring.Master);
        await restarted.EnsureLoadedAsync(null, default); // the platform's key first: it must not count for clinic 1
        await restarted.EnsureLoadedAsync(1, default);
        Assert.Equal(3, restarted.CachedKeyCount); // the platform's, and clinic 1's two under this master key
        ring.CloseDatabase();

        await restarted.EnsureLoadedAsync(1, default); // loaded already: no database needed
        Assert.Equal(active, restarted.ActiveKey(1).KeyId);
        Assert.NotEmpty(restarted.KeyById(retired, 1));
    }

    [Fact]
    public async Task The_master_key_check_counts_the_active_keys_it_cannot_open()
    {
        using var ring = new TestKeyRing();
        AddKey(ring, 1, active: true);
        AddKey(ring, 2, active: true);
        AddKey(ring, 3, active: false);
        Assert.Null(ring.Keys.MasterKeyOpensDataKeys);

        Assert.Equal(0, await ring.Keys.VerifyMasterKeyAsync(default));
        Assert.True(ring.Keys.MasterKeyOpensDataKeys);
        using var wrong = ring.FreshRing(MasterKey.Generate());
        Assert.Equal(2, await wrong.VerifyMasterKeyAsync(default));
        Assert.False(wrong.MasterKeyOpensDataKeys);

        ring.Keys.Clear();
        Assert.Null(ring.Keys.MasterKeyOpensDataKeys);
        Assert.Equal(0, ring.Keys.CachedKeyCount);
    }

    [Fact]
    public void Forgotten_keys_are_read_again_from_the_database()
    {
        using var ring = new TestKeyRing();
        var (keyId, _) = ring.Keys.ActiveKey(1);
        ring.Keys.Clear();
        ring.CloseDatabase();
        Assert.ThrowsAny<Exception>(() => ring.Keys.ActiveKey(1));
        Assert.ThrowsAny<Exception>(() => ring.Keys.KeyById(keyId, 1));
    }

    [Fact]
    public void Errors_say_which_rule_failed()
    {
        using var ring = new TestKeyRing();
        var (keyId, _) = ring.Keys.ActiveKey(1);
        Assert.Equal("Unknown data key.", Assert.Throws<DecryptionFailedException>(() => ring.Keys.KeyById(keyId + 100, 1)).Message);
        Assert.Equal("Data key of another tenant.", Assert.Throws<DecryptionFailedException>(() => ring.Keys.KeyById(keyId, 2)).Message);
        using var other = ring.FreshRing(MasterKey.Generate());
        var error = Assert.Throws<DecryptionFailedException>(() => other.KeyById(keyId, 1));
        Assert.Contains($"wrapped under master key {ring.Master.Id}", error.Message, StringComparison.Ordinal);
        Assert.Null(error.InnerException); // refused by its master key id, before any decryption is tried
    }
}
