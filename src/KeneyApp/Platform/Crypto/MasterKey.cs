using System.Security.Cryptography;

namespace KeneyApp.Platform.Crypto;

/// <summary>The key-encryption key. Its id (a hash prefix, not secret) is recorded on every wrapped data key.</summary>
public sealed class MasterKey
{
    public MasterKey(byte[] bytes)
    {
        if (bytes.Length != Aead.KeySize)
        {
            throw new ArgumentException($"The master key must be {Aead.KeySize} bytes (base64 of 32 random bytes).", nameof(bytes));
        }
        Bytes = bytes;
        Id = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
    }

    public string Id { get; }
    internal byte[] Bytes { get; }

    public static MasterKey Generate() => new(RandomNumberGenerator.GetBytes(Aead.KeySize));

    public static MasterKey FromBase64(string text)
    {
        try
        {
            return new MasterKey(Convert.FromBase64String(text.Trim()));
        }
        catch (FormatException e)
        {
            throw new ArgumentException("The master key is not valid base64.", nameof(text), e);
        }
    }

    public string ToBase64() => Convert.ToBase64String(Bytes);
}
