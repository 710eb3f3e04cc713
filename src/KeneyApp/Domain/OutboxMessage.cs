using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KeneyApp.Domain;

/// <summary>
/// Something that happened and that other parts (notifications) must act on. Written in the same transaction
/// as the change it reports, so nothing acknowledged is lost; the payload carries ids only, never patient data.
/// </summary>
public sealed class OutboxMessage : ITenantOwned
{
    public long Id { get; set; }
    public int TenantId { get; set; }
    public required string Type { get; set; }
    public required string Payload { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ProcessedAt { get; set; }
    public int Attempts { get; set; }
}

public static class OutboxTypes
{
    public const string NewMessage = "new_message";
    /// <summary>A lab result was released to its patient (or a doctor asks to tell the patient again): ids only (document, patient); delivered as "lab result available".</summary>
    public const string LabResultReleased = "lab_result_released";

    /// <summary>A share of a patient's record was opened: its patient (and creator) are told.</summary>
    public const string ShareOpened = "share_opened";

    /// <summary>A share was locked after too many wrong PINs: its patient (and creator) are told.</summary>
    public const string ShareLocked = "share_locked";
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("outbox_messages");
        builder.Property(o => o.Type).HasMaxLength(64);
        builder.Property(o => o.Payload).HasMaxLength(2000);
        builder.HasIndex(o => new { o.ProcessedAt, o.CreatedAt });
    }
}
