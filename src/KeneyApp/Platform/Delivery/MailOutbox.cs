using KeneyApp.Platform.Crypto;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Jobs;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Platform.Delivery;

/// <summary>
/// What handlers call to send a transactional e-mail (<see cref="NotificationTypes.Transactional"/>): the message is
/// sealed with the clinic's key and added to the handler's unit of work as a notification row, and goes out with the
/// other notifications once that unit commits — same retries, same delivery log, but no opt-out applies and no
/// unsubscribe link is added.
/// </summary>
public sealed class MailOutbox(FieldEncryptor encryptor, OutboxSignal signal, TimeProvider clock)
{
    /// <summary>Adds the message to <paramref name="db"/>; nothing is written until the caller saves.</summary>
    public Notification Add(AppDbContext db, int tenantId, string type, int? recipientUserId, int? recipientPatientId, EmailContent content)
    {
        if (!NotificationTypes.Transactional.Contains(type))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "Only transactional e-mails are sent sealed.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var notification = new Notification
        {
            TenantId = tenantId,
            RecipientUserId = recipientUserId,
            RecipientPatientId = recipientPatientId,
            Type = type,
            Channel = NotificationChannels.Email,
            Template = $"{type}.sealed",
            // Each call is its own event: a second invitation is a second e-mail (the first is abandoned, below).
            IdempotencyKey = $"{type}:{Guid.NewGuid():N}",
            SealedContent = encryptor.Encrypt(tenantId, EmailContent.Purpose, content.ToJson()),
            CreatedAt = now,
            NextAttemptAt = now,
        };
        db.Set<Notification>().Add(notification);
        return notification;
    }

    /// <summary>
    /// Records, in the caller's unit of work, a transactional e-mail that is not sent (<paramref name="reason"/>, a
    /// code): the delivery log shows the attempt, and the caller does the same work whether it sends or not, so its
    /// timing tells nothing (a share's code asked for with an address that is not its recipient's).
    /// </summary>
    public Notification AddWithheld(AppDbContext db, int tenantId, string type, string reason)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var notification = new Notification
        {
            TenantId = tenantId,
            Type = type,
            Channel = NotificationChannels.Email,
            Template = $"{type}.sealed",
            Status = NotificationStatuses.Skipped,
            LastError = reason,
            IdempotencyKey = $"{type}:{Guid.NewGuid():N}",
            CreatedAt = now,
            NextAttemptAt = now,
        };
        db.Set<Notification>().Add(notification);
        return notification;
    }

    /// <summary>
    /// Abandons the unsent e-mails of this type to this account (a re-sent invitation replaces the old one, whose
    /// link no longer works), in the caller's unit of work. A row already being sent goes.
    /// </summary>
    public async Task AbandonUnsentAsync(AppDbContext db, int recipientUserId, string type, CancellationToken ct)
    {
        var unsent = await db.Set<Notification>()
            .Where(n => n.RecipientUserId == recipientUserId && n.Type == type && n.Status == NotificationStatuses.Pending)
            .ToListAsync(ct);
        foreach (var notification in unsent)
        {
            notification.Status = NotificationStatuses.Cancelled;
            notification.LastError = "replaced";
            notification.SealedContent = null;
        }
    }

    /// <summary>After the caller committed: send now rather than at the next poll.</summary>
    public void Flush() => signal.Ring();
}
