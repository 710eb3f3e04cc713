using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KeneyApp.Domain;

public enum MessageStatus { Sent, Delivered, Read, Failed }

/// <summary>
/// A secure message between two users of one clinic. Subject and content are encrypted with the clinic's key
/// (purposes <see cref="MessageFields"/>). Each side deletes for itself only; nothing is physically removed.
/// </summary>
public sealed class Message : ITenantOwned
{
    public int Id { get; set; }
    public int TenantId { get; set; }

    /// <summary>The id of the thread's first message: a new message starts a thread (its own id), a reply joins its original's.</summary>
    public int ThreadId { get; set; }

    public int SenderId { get; set; }
    public int ReceiverId { get; set; }

    /// <summary>The smaller of the two user ids, computed by the database: with <see cref="HighUserId"/>, names the conversation in either direction.</summary>
    public int LowUserId { get; private set; }

    /// <summary>The larger of the two user ids, computed by the database.</summary>
    public int HighUserId { get; private set; }

    public int? ReplyToId { get; set; }
    public string? SubjectEncrypted { get; set; }
    public required string ContentEncrypted { get; set; }
    public MessageStatus Status { get; set; }
    public bool IsUrgent { get; set; }

    /// <summary>
    /// JSON array of the ids of the patient documents attached, or null. References, not copies: each reader
    /// opens a document with its own rights, checked at sending for both participants.
    /// </summary>
    public string? AttachmentIds { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? DeliveredAt { get; set; }
    public DateTime? ReadAt { get; set; }
    public bool DeletedBySender { get; set; }
    public bool DeletedByReceiver { get; set; }
}

public static class MessageFields
{
    public const string Subject = "message.subject";
    public const string Content = "message.content";
}

internal sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> builder)
    {
        builder.ToTable("messages");
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.SubjectEncrypted).HasMaxLength(1200);
        builder.Property(m => m.AttachmentIds).HasMaxLength(200);
        // Stored (PostgreSQL has no other kind) and written in SQL both databases speak.
        builder.Property(m => m.LowUserId).HasComputedColumnSql("CASE WHEN sender_id < receiver_id THEN sender_id ELSE receiver_id END", stored: true);
        builder.Property(m => m.HighUserId).HasComputedColumnSql("CASE WHEN sender_id < receiver_id THEN receiver_id ELSE sender_id END", stored: true);
        // Led by user ids, which are unique across clinics: they serve the mailbox queries and the foreign keys,
        // so EF Core adds no single-column index of its own (each index costs every send). A conversation, both
        // directions, is one range of the (low, high, created_at, id) index, in page order. No query looks
        // messages up by thread, so thread_id has no index; nor a foreign key, which a thread's first message
        // would have to satisfy by naming itself before the database has given it an id.
        builder.HasIndex(m => new { m.ReceiverId, m.CreatedAt });
        builder.HasIndex(m => new { m.SenderId, m.CreatedAt });
        builder.HasIndex(m => new { m.LowUserId, m.HighUserId, m.CreatedAt, m.Id });
        // Most messages answer none: the reply key's index holds replies only, so that a new message adds no entry.
        builder.HasIndex(m => m.ReplyToId).HasFilter("reply_to_id IS NOT NULL");
        builder.HasOne<User>().WithMany().HasForeignKey(m => m.SenderId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(m => m.ReceiverId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Message>().WithMany().HasForeignKey(m => m.ReplyToId).OnDelete(DeleteBehavior.Restrict);
    }
}
