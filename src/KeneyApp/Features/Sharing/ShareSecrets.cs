using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using KeneyApp.Platform.Crypto;
using KeneyApp.Platform.Security;

namespace KeneyApp.Features.Sharing;

/// <summary>
/// The share's secrets. The link's token: 32 bytes from the CSPRNG, only its SHA-256 kept (the lookup needs no key,
/// and a stolen table gives no link). The PIN and the e-mail codes: 6 digits from the CSPRNG, kept as HMACs under a
/// key derived from the clinic's data key — a server secret, so a stolen table cannot be searched through a
/// million PINs — bound to the share's token, and compared in constant time.
/// </summary>
public sealed class ShareSecrets(KeyRing keys)
{
    public static string NewToken() => OpaqueTokens.New();

    public static string HashToken(string token) => OpaqueTokens.Hash(token);

    public static string NewCode() => RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>The clinic's active data key, which a new share's codes are sealed under for the share's life.</summary>
    public async Task<int> ActiveKeyIdAsync(int tenantId, CancellationToken ct) => (await keys.ActiveKeyAsync(tenantId, ct)).KeyId;

    /// <summary>The HMAC of <paramref name="code"/> under the data key <paramref name="keyId"/>.</summary>
    public async Task<string> SealAsync(int tenantId, int keyId, string tokenHash, string kind, string code, CancellationToken ct) =>
        Compute(await keys.KeyByIdAsync(keyId, tenantId, ct), tokenHash, kind, code);

    /// <summary>Whether <paramref name="code"/> is the one sealed in <paramref name="stored"/>, in time independent of where they differ.</summary>
    public async Task<bool> MatchesAsync(int tenantId, int keyId, string tokenHash, string kind, string code, string stored, CancellationToken ct)
    {
        var key = await keys.KeyByIdAsync(keyId, tenantId, ct);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Compute(key, tokenHash, kind, code)), Encoding.ASCII.GetBytes(stored));
    }

    private static string Compute(byte[] dataKey, string tokenHash, string kind, string code)
    {
        var macKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, dataKey, 32, salt: null, info: Encoding.UTF8.GetBytes("keneyapp|share-secrets"));
        return Convert.ToHexStringLower(HMACSHA256.HashData(macKey, Encoding.UTF8.GetBytes($"{kind}|{tokenHash}|{code}")));
    }
}

public static class ShareCodeKinds
{
    public const string Pin = "pin";
    public const string EmailCode = "email_code";
}
