using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KeneyApp.Domain;

/// <summary>
/// One append-only audit record, written in the same transaction as the change it records (or, for a read,
/// committed before the answer), then sealed into its clinic's chain by <see cref="AuditSealer"/>: until then
/// <see cref="Sequence"/>, <see cref="PreviousHash"/>, <see cref="Hash"/> and <see cref="KeyId"/> are null.
/// <see cref="Hash"/> is an HMAC (keyed from the clinic's data key <see cref="KeyId"/>) over every field and the
/// previous entry's hash of the same clinic (the platform's chain when <see cref="TenantId"/> is null): an edited,
/// inserted or deleted row breaks the chain, and someone with database access but not the keys cannot rebuild
/// it. Details carry ids and codes only, never patient data.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public int? TenantId { get; set; }
    public long? Sequence { get; set; }
    public DateTime OccurredAt { get; set; }
    public int? UserId { get; set; }
    public string? UserRole { get; set; }
    public required string Action { get; set; }
    public required string ResourceType { get; set; }
    public string? ResourceId { get; set; }
    public required string Outcome { get; set; }
    public string? ClientIp { get; set; }
    public string? UserAgent { get; set; }
    public string? CorrelationId { get; set; }
    public string? Details { get; set; }
    public string? PreviousHash { get; set; }
    public string? Hash { get; set; }
    public int? KeyId { get; set; }
}

/// <summary>
/// The last sequence and hash of each chain, moved and sealed again by every seal: a deleted tail shows against
/// it, and resetting it to an earlier entry needs the clinic's key.
/// </summary>
public sealed class AuditHead
{
    /// <summary>The tenant id, or 0 for the platform's chain.</summary>
    public int ChainId { get; set; }
    public long Sequence { get; set; }
    public required string Hash { get; set; }
    /// <summary>The data key whose HMAC key made <see cref="Seal"/>.</summary>
    public int? KeyId { get; set; }
    /// <summary>HMAC of chain, sequence and hash: resetting the head to an earlier entry needs the clinic's key.</summary>
    public string? Seal { get; set; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.Property(a => a.Action).HasMaxLength(64);
        builder.Property(a => a.ResourceType).HasMaxLength(64);
        builder.Property(a => a.ResourceId).HasMaxLength(64);
        builder.Property(a => a.Outcome).HasMaxLength(32);
        builder.Property(a => a.UserRole).HasMaxLength(32);
        builder.Property(a => a.ClientIp).HasMaxLength(64);
        builder.Property(a => a.UserAgent).HasMaxLength(512);
        builder.Property(a => a.CorrelationId).HasMaxLength(128);
        builder.Property(a => a.Details).HasMaxLength(4000);
        builder.Property(a => a.PreviousHash).HasMaxLength(64);
        builder.Property(a => a.Hash).HasMaxLength(64);
        builder.HasIndex(a => new { a.TenantId, a.Sequence }).IsUnique();
        builder.HasIndex(a => new { a.TenantId, a.OccurredAt });
        // One resource's history (a share's openings).
        builder.HasIndex(a => new { a.TenantId, a.ResourceType, a.ResourceId });
        // What the sealer looks for: each chain's unsealed entries, oldest first.
        builder.HasIndex(a => new { a.TenantId, a.Id }).HasFilter("hash IS NULL");
        // Sealed is all four seal columns at once: a hash alone would hide an entry from both sealer and verifier.
        builder.ToTable(t => t.HasCheckConstraint("ck_audit_entries_sealed_whole",
            "(hash IS NULL AND sequence IS NULL AND previous_hash IS NULL AND key_id IS NULL) " +
            "OR (hash IS NOT NULL AND sequence IS NOT NULL AND previous_hash IS NOT NULL AND key_id IS NOT NULL)"));
    }
}

internal sealed class AuditHeadConfiguration : IEntityTypeConfiguration<AuditHead>
{
    public void Configure(EntityTypeBuilder<AuditHead> builder)
    {
        builder.ToTable("audit_heads");
        builder.HasKey(h => h.ChainId);
        builder.Property(h => h.ChainId).ValueGeneratedNever();
        builder.Property(h => h.Hash).HasMaxLength(64);
        builder.Property(h => h.Seal).HasMaxLength(64);
    }
}
