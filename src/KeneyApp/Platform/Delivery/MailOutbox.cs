using KeneyApp.Platform.Crypto;
using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Platform.Delivery;

/// <summary>
/// What handlers call to send an e-mail: the message is added to the handler's unit of work, sealed with the
/// clinic's key, and goes out once that unit commits (<see cref="MailDispatcher"/>).
/// </summary>
public sealed class MailOutbox(FieldEncryptor encryptor, MailDispatcher dispatcher, TimeProvider clock)
{
    /// <summary>Adds the message to <paramref name="db"/>; nothing is written until the caller saves.</summary>
    public OutgoingEmail Add(AppDbContext db, int? tenantId, string kind, int? recipientUserId, EmailContent content)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var email = new OutgoingEmail
        {
            TenantId = tenantId,
            Kind = kind,
            RecipientUserId = recipientUserId,
            SealedContent = encryptor.Encrypt(tenantId, EmailContent.Purpose, content.ToJson()),
            CreatedAt = now,
            NextAttemptAt = now,
        };
        db.Set<OutgoingEmail>().Add(email);
        return email;
    }

    /// <summary>
    /// Voids the unsent mails of this kind to this account (a re-sent invitation replaces the old one), in the
    /// caller's unit of work.
    /// </summary>
    public async Task AbandonUnsentAsync(AppDbContext db, int recipientUserId, string kind, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var unsent = await db.Set<OutgoingEmail>()
            .Where(e => e.RecipientUserId == recipientUserId && e.Kind == kind && e.SentAt == null && e.AbandonedAt == null)
            .ToListAsync(ct);
        foreach (var email in unsent)
        {
            email.AbandonedAt = now;
            email.SealedContent = null;
        }
    }

    /// <summary>After the caller committed: send now rather than at the next poll.</summary>
    public void Flush() => dispatcher.Wake();
}
