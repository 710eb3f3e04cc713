using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace KeneyApp.Platform.Audit;

/// <summary>
/// The seal of an audit entry: HMAC-SHA256 over the previous hash and every field (length-prefixed so fields
/// can't slide into each other), keyed by a key derived from the clinic's data key.
/// </summary>
public static class AuditChain
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public static byte[] MacKey(byte[] dataKey) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, dataKey, 32, salt: null, info: Encoding.UTF8.GetBytes("keneyapp|audit-chain"));

    public static string Compute(AuditEntry e, byte[] macKey)
    {
        var builder = new StringBuilder();
        foreach (var field in Fields(e))
        {
            var value = field ?? "\0";
            builder.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('|');
        }
        return Convert.ToHexStringLower(HMACSHA256.HashData(macKey, Encoding.UTF8.GetBytes(builder.ToString())));
    }

    private static IEnumerable<string?> Fields(AuditEntry e) =>
    [
        e.PreviousHash, Str(e.TenantId), e.Sequence?.ToString(CultureInfo.InvariantCulture),
        e.OccurredAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture), Str(e.UserId), e.UserRole,
        e.Action, e.ResourceType, e.ResourceId, e.Outcome, e.ClientIp, e.UserAgent, e.CorrelationId, e.Details, Str(e.KeyId),
    ];

    private static string? Str(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    /// <summary>The head's own seal: which entry the chain ends at, signed with the clinic's key.</summary>
    public static string SealHead(int chainId, long sequence, string hash, byte[] macKey) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(macKey,
            Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"head|{chainId}|{sequence}|{hash}"))));
}
