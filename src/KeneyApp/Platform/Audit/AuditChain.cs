using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace KeneyApp.Platform.Audit;

/// <summary>The hash of an audit entry: SHA-256 over the previous hash and every field, length-prefixed so fields can't slide into each other.</summary>
public static class AuditChain
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string Compute(AuditEntry e)
    {
        var builder = new StringBuilder();
        foreach (var field in Fields(e))
        {
            var value = field ?? "\0";
            builder.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('|');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())));
    }

    private static IEnumerable<string?> Fields(AuditEntry e) =>
    [
        e.PreviousHash, Str(e.TenantId), e.Sequence.ToString(CultureInfo.InvariantCulture),
        e.OccurredAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture), Str(e.UserId), e.UserRole,
        e.Action, e.ResourceType, e.ResourceId, e.Outcome, e.ClientIp, e.UserAgent, e.CorrelationId, e.Details,
    ];

    private static string? Str(int? value) => value?.ToString(CultureInfo.InvariantCulture);
}
