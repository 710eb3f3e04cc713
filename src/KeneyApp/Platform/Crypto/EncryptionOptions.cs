namespace KeneyApp.Platform.Crypto;

/// <summary>Section <c>Encryption</c>; <c>ENCRYPTION_KEY</c> is an alias of <see cref="Key"/>.</summary>
public sealed class EncryptionOptions
{
    public const string Section = "Encryption";

    /// <summary>Base64 of 32 random bytes: the master key (key-encryption key).</summary>
    public string? Key { get; set; }

    /// <summary>A file holding the base64 master key. Defaults to <c>{data}/keys/master.key</c> outside Production.</summary>
    public string? KeyFile { get; set; }
}
