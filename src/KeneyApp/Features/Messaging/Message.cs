using KeneyApp.Platform.Data;
using KeneyApp.Platform.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KeneyApp.Features.Messaging;

public enum MessageStatus { Sent, Delivered, Read, Failed }

/// <summary>
/// A secure message between two users of one clinic. Subject and content are encrypted with the clinic's key
/// (purposes <see cref="MessageFields"/>). Each side deletes for itself only; nothing is physically removed.
/// </summary>
public sealed class Message : ITenantOwned, IClientAssignedId
{
    public int Id { get; set; }
    public int TenantId { get; set; }
    public int ThreadId { get; set; }
    public MessageThread? Thread { get; set; }
    public int SenderId { get; set; }
    public int ReceiverId { get; set; }
    public int? ReplyToId { get; set; }
    public string? SubjectEncrypted { get; set; }
    public required string ContentEncrypted { get; set; }
    public MessageStatus Status { get; set; }
    public bool IsUrgent { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? DeliveredAt { get; set; }
    public DateTime? ReadAt { get; set; }
    public bool DeletedBySender { get; set; }
    public bool DeletedByReceiver { get; set; }
}

/// <summary>A conversation: the first message and every reply to it or to its replies.</summary>
public sealed class MessageThread : ITenantOwned, IClientAssignedId
{
    public int Id { get; set; }
    public int TenantId { get; set; }
    public DateTime CreatedAt { get; set; }
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
        // Led by user (or thread) ids, which are unique across clinics: they serve the mailbox queries and the
        // foreign keys, so EF Core adds no single-column index of its own (each index costs every send). The
        // conversation view reads (sender, receiver) ranges already in page order.
        builder.HasIndex(m => new { m.ReceiverId, m.CreatedAt });
        builder.HasIndex(m => new { m.SenderId, m.ReceiverId, m.CreatedAt, m.Id });
        builder.HasIndex(m => m.ThreadId);
        builder.HasOne(m => m.Thread).WithMany().HasForeignKey(m => m.ThreadId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(m => m.SenderId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(m => m.ReceiverId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Message>().WithMany().HasForeignKey(m => m.ReplyToId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MessageThreadConfiguration : IEntityTypeConfiguration<MessageThread>
{
    public void Configure(EntityTypeBuilder<MessageThread> builder) => builder.ToTable("message_threads");
}
