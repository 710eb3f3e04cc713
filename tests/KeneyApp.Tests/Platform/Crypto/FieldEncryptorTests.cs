using KeneyApp.Platform.Crypto;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Tests.Platform.Crypto;

public class FieldEncryptorTests
{
    [Fact]
    public void Round_trip_per_tenant_and_the_stored_form_holds_no_plaintext()
    {
        using var ring = new TestKeyRing();
        var stored = ring.Encryptor.Encrypt(1, "patient.allergies", "Pénicilline");
        Assert.StartsWith("v1.", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("Pénicilline", stored, StringComparison.Ordinal);
        Assert.Equal("Pénicilline", ring.Encryptor.Decrypt(1, "patient.allergies", stored));
    }

    [Fact]
    public void A_value_moved_to_another_tenant_or_field_fails()
    {
        using var ring = new TestKeyRing();
        var stored = ring.Encryptor.Encrypt(1, "message.content", "Bonjour docteur");
        ring.Encryptor.Encrypt(2, "message.content", "tenant 2 gets its own key");
        Assert.Throws<DecryptionFailedException>(() => ring.Encryptor.Decrypt(2, "message.content", stored));
        Assert.Throws<DecryptionFailedException>(() => ring.Encryptor.Decrypt(1, "message.subject", stored));
        Assert.Throws<DecryptionFailedException>(() => ring.Encryptor.Decrypt(null, "message.content", stored));
    }

    [Fact]
    public void Values_of_two_tenants_read_in_turn_on_one_thread_each_open_with_their_own_key()
    {
        using var ring = new TestKeyRing();
        var first = ring.Encryptor.Encrypt(1, "message.content", "clinique un");
        var second = ring.Encryptor.Encrypt(2, "message.content", "clinique deux");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("clinique un", ring.Encryptor.Decrypt(1, "message.content", first));
            Assert.Equal("clinique deux", ring.Encryptor.Decrypt(2, "message.content", second));
        }
        Assert.Throws<DecryptionFailedException>(() => ring.Encryptor.Decrypt(2, "message.content", first));
    }

    [Fact]
    public void Each_tenant_gets_its_own_data_key_stored_only_wrapped()
    {
        using var ring = new TestKeyRing();
        var (id1, key1) = ring.Keys.ActiveKey(1);
        var (id2, key2) = ring.Keys.ActiveKey(2);
        Assert.NotEqual(id1, id2);
        Assert.NotEqual(key1, key2);
        var rows = ring.InScope(db => db.Set<TenantKey>().AsNoTracking().ToList());
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.NotEqual(key1, r.WrappedKey[Aead.Overhead..]));
        Assert.All(rows, r => Assert.Equal(ring.Master.Id, r.MasterKeyId));
    }

    [Fact]
    public async Task A_clinics_keys_loaded_ahead_need_no_database_when_encrypting_or_decrypting()
    {
        using var ring = new TestKeyRing();
        var (keyId, key) = ring.Keys.ActiveKey(7);
        using var prepared = ring.FreshRing(ring.Master);
        using var unprepared = ring.FreshRing(ring.Master);
        await prepared.EnsureLoadedAsync(7, CancellationToken.None);

        ring.CloseDatabase();
        var active = prepared.ActiveKey(7);
        Assert.Equal(keyId, active.KeyId);
        Assert.Equal(key, active.Key);
        Assert.Equal(key, prepared.KeyById(keyId, 7));
        Assert.ThrowsAny<System.Data.Common.DbException>(() => unprepared.KeyById(keyId, 7));
    }

    [Theory]
    [InlineData("plain text that was never encrypted", "Not an encrypted value.")]
    [InlineData("v1.1.not-base64!", "Malformed ciphertext.")]
    [InlineData("v1.999.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "Unknown data key.")]
    [InlineData("v2.1.AAAA", "Not an encrypted value.")]
    [InlineData("", "Not an encrypted value.")]
    [InlineData("v", "Not an encrypted value.")]
    [InlineData("v1", "Not an encrypted value.")]
    [InlineData("v1.", "Not an encrypted value.")]
    [InlineData("v1..AAAA", "Not an encrypted value.")]
    [InlineData("v1.1", "Not an encrypted value.")]
    [InlineData("v1.-1.AAAA", "Not an encrypted value.")]
    [InlineData("v1.1.AAAA.AAAA", "Malformed ciphertext.")]
    [InlineData("v1x1.AAAA", "Not an encrypted value.")]
    [InlineData("v1.1.AAAA", "Ciphertext too short.")]
    public void Anything_that_is_not_a_valid_ciphertext_is_an_error_never_the_stored_value(string stored, string reason)
    {
        using var ring = new TestKeyRing();
        ring.Encryptor.Encrypt(1, "x", "make key 1 exist");
        Assert.Equal(reason, Assert.Throws<DecryptionFailedException>(() => ring.Encryptor.Decrypt(1, "x", stored)).Message);
    }

    [Fact]
    public void Absent_values_stay_absent_and_present_ones_are_encrypted()
    {
        using var ring = new TestKeyRing();
        Assert.Null(ring.Encryptor.EncryptOrNull(1, "x", null));
        Assert.Null(ring.Encryptor.DecryptOrNull(1, "x", null));
        var stored = ring.Encryptor.EncryptOrNull(1, "x", "Pollen");
        Assert.StartsWith("v1.", stored, StringComparison.Ordinal);
        Assert.Equal("Pollen", ring.Encryptor.DecryptOrNull(1, "x", stored));
    }

    /// <summary>The associated data is the stored format's contract: changing it would make every stored value unreadable.</summary>
    [Theory]
    [InlineData(12, "tenant:12|patient.allergies")]
    [InlineData(null, "tenant:platform|patient.allergies")]
    public void A_value_is_bound_to_its_clinic_and_field_by_its_associated_data(int? tenantId, string associatedData)
    {
        using var ring = new TestKeyRing();
        var parts = ring.Encryptor.Encrypt(tenantId, "patient.allergies", "Pollen").Split('.');
        var key = ring.Keys.KeyById(int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), tenantId);
        var opened = Aead.Open(key, Convert.FromBase64String(parts[2]), System.Text.Encoding.UTF8.GetBytes(associatedData));
        Assert.Equal("Pollen", System.Text.Encoding.UTF8.GetString(opened));
    }

    [Fact]
    public void A_tampered_field_ciphertext_is_rejected()
    {
        using var ring = new TestKeyRing();
        var stored = ring.Encryptor.Encrypt(1, "patient.medical_history", "Asthme depuis l'enfance");
        var parts = stored.Split('.');
        var bytes = Convert.FromBase64String(parts[2]);
        bytes[^1] ^= 0x01;
        var tampered = $"{parts[0]}.{parts[1]}.{Convert.ToBase64String(bytes)}";
        Assert.Throws<DecryptionFailedException>(() => ring.Encryptor.Decrypt(1, "patient.medical_history", tampered));
    }

    [Fact]
    public void Rotating_the_master_key_rewraps_data_keys_without_touching_content()
    {
        using var ring = new TestKeyRing();
        var stored = ring.Encryptor.Encrypt(7, "message.content", "Résultats normaux");
        var next = MasterKey.Generate();
        var count = ring.InScope(db => new RotateKeys(db, ring.Master, TimeProvider.System).RewrapAsync(next, default).GetAwaiter().GetResult());
        Assert.Equal(1, count);

        Assert.All(ring.InScope(db => db.Set<TenantKey>().ToList()), key => Assert.Equal(next.Id, key.MasterKeyId));
        var afterRotation = new FieldEncryptor(ring.FreshRing(next));
        Assert.Equal("Résultats normaux", afterRotation.Decrypt(7, "message.content", stored));
        var withOldMaster = new FieldEncryptor(ring.FreshRing(ring.Master));
        Assert.Throws<DecryptionFailedException>(() => withOldMaster.Decrypt(7, "message.content", stored));
    }

    [Fact]
    public void New_data_keys_encrypt_new_values_while_old_values_still_open()
    {
        using var ring = new TestKeyRing();
        var before = ring.Encryptor.Encrypt(3, "f", "ancien");
        ring.Encryptor.Encrypt(4, "f", "another clinic");
        Assert.Equal(2, ring.InScope(db => new RotateKeys(db, ring.Master, TimeProvider.System).NewDataKeysAsync(default).GetAwaiter().GetResult()));
        // One active key per clinic, the new one; the old one stays, for reading.
        var keys = ring.InScope(db => db.Set<TenantKey>().Where(k => k.TenantId == 3).OrderBy(k => k.Id).ToList());
        Assert.Equal([false, true], keys.Select(k => k.IsActive));
        var encryptor = new FieldEncryptor(ring.FreshRing(ring.Master));
        var after = encryptor.Encrypt(3, "f", "nouveau");
        Assert.Equal(keys[1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture), after.Split('.')[1]);
        Assert.Equal("ancien", encryptor.Decrypt(3, "f", before));
        Assert.Equal("nouveau", encryptor.Decrypt(3, "f", after));
    }

    [Fact]
    public void Rewrapping_stops_at_a_data_key_the_current_master_key_did_not_wrap()
    {
        using var ring = new TestKeyRing();
        var (keyId, _) = ring.Keys.ActiveKey(5);
        var stranger = MasterKey.Generate();
        var error = Assert.Throws<DecryptionFailedException>(() =>
            ring.InScope(db => new RotateKeys(db, stranger, TimeProvider.System).RewrapAsync(MasterKey.Generate(), default).GetAwaiter().GetResult()));
        Assert.Contains($"Data key {keyId}", error.Message, StringComparison.Ordinal);
        Assert.Equal(ring.Master.Id, ring.InScope(db => db.Set<TenantKey>().Single().MasterKeyId));
    }
}
