using System.Security.Cryptography;

namespace KeneyApp.Platform.Crypto;

/// <summary>
/// AES-256-GCM with a random 96-bit nonce. Output layout: nonce (12) | tag (16) | ciphertext.
/// Random nonces are safe far beyond our volumes per key (2^32 messages keeps collision odds under 2^-32).
/// </summary>
public static class Aead
{
    public const int KeySize = 32;
    public const int NonceSize = 12;
    public const int TagSize = 16;
    public const int Overhead = NonceSize + TagSize;

    public static byte[] Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var output = new byte[Overhead + plaintext.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        CipherFor(key).Encrypt(nonce, plaintext, output.AsSpan(Overhead), output.AsSpan(NonceSize, TagSize), associatedData);
        return output;
    }

    /// <exception cref="DecryptionFailedException">Tampered, truncated, wrong key or wrong associated data.</exception>
    public static byte[] Open(ReadOnlySpan<byte> key, ReadOnlySpan<byte> sealedData, ReadOnlySpan<byte> associatedData)
    {
        if (sealedData.Length < Overhead)
        {
            throw new DecryptionFailedException("Ciphertext too short.");
        }
        var plaintext = new byte[sealedData.Length - Overhead];
        try
        {
            CipherFor(key).Decrypt(sealedData[..NonceSize], sealedData[Overhead..], sealedData.Slice(NonceSize, TagSize), plaintext, associatedData);
            return plaintext;
        }
        catch (CryptographicException e)
        {
            throw new DecryptionFailedException("Authentication failed.", e);
        }
    }

    [ThreadStatic]
    private static CachedCipher? t_cached;

    private sealed record CachedCipher(byte[] Key, AesGcm Cipher);

    /// <summary>
    /// The calling thread's cipher for this key. Setting one up (a native context and the key schedule) costs
    /// more than opening a short field, and a page of messages opens many with one clinic key. AesGcm allows one
    /// caller at a time, hence one per thread.
    /// </summary>
    private static AesGcm CipherFor(ReadOnlySpan<byte> key)
    {
        if (t_cached is { } cached && CryptographicOperations.FixedTimeEquals(key, cached.Key))
        {
            return cached.Cipher;
        }
        // Stryker disable once Statement: disposing only frees the previous key's native context sooner; nothing observable depends on it.
        t_cached?.Cipher.Dispose();
        t_cached = new CachedCipher(key.ToArray(), new AesGcm(key, TagSize));
        return t_cached.Cipher;
    }
}

/// <summary>A ciphertext that does not open. Never answered by falling back to the stored bytes.</summary>
public sealed class DecryptionFailedException : Exception
{
    public DecryptionFailedException() { }
    public DecryptionFailedException(string message) : base(message) { }
    public DecryptionFailedException(string message, Exception inner) : base(message, inner) { }
}
