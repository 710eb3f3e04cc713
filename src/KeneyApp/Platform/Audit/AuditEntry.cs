using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KeneyApp.Platform.Audit;

/// <summary>
/// One append-only audit record. <see cref="Hash"/> covers every field and the previous entry's hash of the
/// same tenant (the platform's chain when <see cref="TenantId"/> is null), so an edited or deleted row breaks
/// the chain. Details carry ids and codes only, never patient data.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public int? TenantId { get; set; }
    public long Sequence { get; set; }
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
    public required string PreviousHash { get; set; }
    public required string Hash { get; set; }
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
    }
}
