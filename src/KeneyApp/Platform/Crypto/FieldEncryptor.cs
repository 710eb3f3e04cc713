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
        var parts = stored.Split('.');
        if (parts.Length != 3 || parts[0] != Version || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var keyId))
        {
            throw new DecryptionFailedException("Not an encrypted value.");
        }
        byte[] sealedBytes;
        try
        {
            sealedBytes = Convert.FromBase64String(parts[2]);
        }
        catch (FormatException e)
        {
            throw new DecryptionFailedException("Malformed ciphertext.", e);
        }
        var key = keys.KeyById(keyId, tenantId);
        return Encoding.UTF8.GetString(Aead.Open(key, sealedBytes, Context(tenantId, purpose)));
    }

    public string? DecryptOrNull(int? tenantId, string purpose, string? stored) =>
        stored is null ? null : Decrypt(tenantId, purpose, stored);

    private static byte[] Context(int? tenantId, string purpose) =>
        Encoding.UTF8.GetBytes($"tenant:{tenantId?.ToString(CultureInfo.InvariantCulture) ?? "platform"}|{purpose}");
}
