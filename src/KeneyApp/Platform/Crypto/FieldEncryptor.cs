using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace KeneyApp.Platform.Crypto;

/// <summary>
/// Encrypts text fields with the tenant's data key. Stored form: <c>v1.{keyId}.{base64(nonce|tag|ciphertext)}</c>.
/// The associated data <c>tenant:{id}|{purpose}</c> binds a value to its tenant and column: copied
/// elsewhere, it fails to decrypt.
/// </summary>
public sealed class FieldEncryptor(KeyRing keys)
{
    private const string Version = "v1";

    public string Encrypt(int? tenantId, string purpose, string plaintext)
    {
        var (keyId, key) = keys.ActiveKey(tenantId);
        var sealedBytes = Aead.Seal(key, Encoding.UTF8.GetBytes(plaintext), Context(tenantId, purpose));
        return string.Create(CultureInfo.InvariantCulture, $"{Version}.{keyId}.{Convert.ToBase64String(sealedBytes)}");
    }

    public string? EncryptOrNull(int? tenantId, string purpose, string? plaintext) =>
        plaintext is null ? null : Encrypt(tenantId, purpose, plaintext);

    /// <exception cref="DecryptionFailedException">Not our format, unknown key, tampered, or moved from another tenant/field.</exception>
    public string Decrypt(int? tenantId, string purpose, string stored)
    {
        // Read in place (a page of messages opens dozens of fields): "v1.", the key id, ".", then base64.
        var text = stored.AsSpan();
        var keyIdEnd = text.Length > Version.Length + 1 ? text[(Version.Length + 1)..].IndexOf('.') : -1;
        if (!text.StartsWith(Version + ".") || keyIdEnd <= 0 ||
            !int.TryParse(text.Slice(Version.Length + 1, keyIdEnd), NumberStyles.None, CultureInfo.InvariantCulture, out var keyId))
        {
            throw new DecryptionFailedException("Not an encrypted value.");
        }
        var encoded = text[(Version.Length + 1 + keyIdEnd + 1)..];
        var buffer = ArrayPool<byte>.Shared.Rent(encoded.Length);
        try
        {
            if (!Convert.TryFromBase64Chars(encoded, buffer, out var length))
            {
                throw new DecryptionFailedException("Malformed ciphertext.");
            }
            var key = keys.KeyById(keyId, tenantId);
            return Encoding.UTF8.GetString(Aead.Open(key, buffer.AsSpan(0, length), Context(tenantId, purpose)));
        }
        finally
        {
            // Stryker disable once Statement: not returning a buffer only makes the pool allocate a new one.
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public string? DecryptOrNull(int? tenantId, string purpose, string? stored) =>
        stored is null ? null : Decrypt(tenantId, purpose, stored);

    // One per clinic and field: built once, not on every value.
    private readonly ConcurrentDictionary<(int? TenantId, string Purpose), byte[]> _contexts = new();

    private byte[] Context(int? tenantId, string purpose) => _contexts.GetOrAdd((tenantId, purpose), static k =>
        Encoding.UTF8.GetBytes($"tenant:{k.TenantId?.ToString(CultureInfo.InvariantCulture) ?? "platform"}|{k.Purpose}"));
}
