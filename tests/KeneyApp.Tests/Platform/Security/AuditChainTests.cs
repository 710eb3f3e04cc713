using KeneyApp.Platform.Audit;

namespace KeneyApp.Tests.Platform.Security;

public class AuditChainTests
{
    private static readonly byte[] Key = AuditChain.MacKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    private static AuditEntry Entry() => new()
    {
        TenantId = 1,
        Sequence = 4,
        OccurredAt = new DateTime(2026, 11, 24, 8, 0, 0, DateTimeKind.Utc),
        UserId = 3,
        UserRole = "doctor",
        Action = "read",
        ResourceType = "patient",
        ResourceId = "12",
        Outcome = "success",
        ClientIp = "10.0.0.1",
        UserAgent = "ua",
        CorrelationId = "c0rrelation",
        Details = null,
        PreviousHash = AuditChain.Genesis,
        Hash = "",
    };

    [Fact]
    public void The_hash_changes_when_any_field_changes()
    {
        var original = AuditChain.Compute(Entry(), Key);
        var edits = new List<Action<AuditEntry>>
        {
            e => e.TenantId = 2, e => e.Sequence = 5, e => e.OccurredAt = e.OccurredAt.AddTicks(10), e => e.UserId = 4,
            e => e.UserRole = "admin", e => e.Action = "update", e => e.ResourceType = "user", e => e.ResourceId = "13",
            e => e.Outcome = "failure", e => e.ClientIp = "10.0.0.2", e => e.UserAgent = "ub", e => e.CorrelationId = "other",
            e => e.Details = "", e => e.PreviousHash = new string('1', 64), e => e.KeyId = 9,
        };
        foreach (var edit in edits)
        {
            var entry = Entry();
            edit(entry);
            Assert.NotEqual(original, AuditChain.Compute(entry, Key));
        }
        Assert.Equal(original, AuditChain.Compute(Entry(), Key));
    }

    /// <summary>
    /// The seal key's derivation is part of the stored trail's format: a different label would make every chain
    /// already written fail verification. Stated with .NET's HKDF and the label, apart from the code under test.
    /// </summary>
    [Fact]
    public void The_seal_key_is_derived_from_the_data_key_with_a_fixed_label()
    {
        var dataKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        var expected = System.Security.Cryptography.HKDF.DeriveKey(System.Security.Cryptography.HashAlgorithmName.SHA256, dataKey, 32,
            salt: null, info: System.Text.Encoding.UTF8.GetBytes("keneyapp|audit-chain"));
        Assert.Equal(expected, AuditChain.MacKey(dataKey));
    }

    [Fact]
    public void Without_the_key_the_seal_cannot_be_recomputed()
    {
        var other = AuditChain.MacKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        Assert.NotEqual(AuditChain.Compute(Entry(), Key), AuditChain.Compute(Entry(), other));
        Assert.Equal(64, AuditChain.Compute(Entry(), Key).Length);
    }

    [Fact]
    public void Fields_cannot_slide_into_each_other()
    {
        var a = Entry();
        a.Action = "read";
        a.ResourceType = "patient";
        var b = Entry();
        b.Action = "readp";
        b.ResourceType = "atient";
        Assert.NotEqual(AuditChain.Compute(a, Key), AuditChain.Compute(b, Key));
    }
}
