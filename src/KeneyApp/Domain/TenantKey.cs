using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KeneyApp.Domain;

/// <summary>
/// A tenant's data key, wrapped (AES-256-GCM) under the master key. Old keys stay to decrypt old rows;
/// new data uses the active one. <see cref="TenantId"/> null is the platform's own key.
/// </summary>
public sealed class TenantKey
{
    public int Id { get; set; }
    public int? TenantId { get; set; }
    public required byte[] WrappedKey { get; set; }
    public required string MasterKeyId { get; set; }
    public bool IsActive { get; set; }
    public DateTime CreatedAt { get; set; }

    internal static byte[] WrapContext(int? tenantId) =>
        System.Text.Encoding.UTF8.GetBytes($"keneyapp|tenant-key|{tenantId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "platform"}");
}

internal sealed class TenantKeyConfiguration : IEntityTypeConfiguration<TenantKey>
{
    public void Configure(EntityTypeBuilder<TenantKey> builder)
    {
        builder.ToTable("tenant_keys");
        builder.Property(k => k.MasterKeyId).HasMaxLength(32);
        builder.HasIndex(k => new { k.TenantId, k.IsActive });
    }
}
