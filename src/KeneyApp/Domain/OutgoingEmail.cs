using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KeneyApp.Domain;

/// <summary>
/// One e-mail to send, written in the same transaction as the change that calls for it (an invitation with its
/// account), so a crash loses nothing. The message itself (recipient, subject, body, which may hold a one-time
/// link) is encrypted with the clinic's key and erased once sent; what stays is the delivery record.
/// </summary>
public sealed class OutgoingEmail
{
    public long Id { get; set; }
    /// <summary>The clinic whose key seals the message (null: the platform's).</summary>
    public int? TenantId { get; set; }
    /// <summary>What the mail is for (<see cref="EmailKinds"/>): a code, never content.</summary>
    public required string Kind { get; set; }
    /// <summary>The account the mail is addressed to, when there is one.</summary>
    public int? RecipientUserId { get; set; }
    /// <summary>The sealed <see cref="EmailContent"/>; null once sent or voided.</summary>
    public string? SealedContent { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime NextAttemptAt { get; set; }
    /// <summary>A sender holds the row until then; another node takes it over only after (a crashed sender).</summary>
    public DateTime? ClaimedUntil { get; set; }
    public int Attempts { get; set; }
    public DateTime? SentAt { get; set; }
    /// <summary>Set when the mail will not be sent: replaced by a newer one, or out of attempts.</summary>
    public DateTime? AbandonedAt { get; set; }
    /// <summary>The last failure's kind (an exception type or SMTP status), never its text.</summary>
    public string? LastError { get; set; }
}

public static class EmailKinds
{
    public const string PortalInvitation = "portal_invitation";
    public const string ContactChanged = "contact_changed";
}

internal sealed class OutgoingEmailConfiguration : IEntityTypeConfiguration<OutgoingEmail>
{
    public void Configure(EntityTypeBuilder<OutgoingEmail> builder)
    {
        builder.ToTable("outgoing_emails");
        builder.Property(e => e.Kind).HasMaxLength(64);
        builder.Property(e => e.SealedContent).HasMaxLength(65536);
        builder.Property(e => e.LastError).HasMaxLength(128);
        builder.HasIndex(e => e.NextAttemptAt).HasFilter("sent_at IS NULL AND abandoned_at IS NULL");
        builder.HasIndex(e => new { e.RecipientUserId, e.Kind });
    }
}
