using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KeneyApp.Domain;

/// <summary>
/// One notification to one recipient on one channel: the durable record that it must go, went, or will not go.
/// The row holds ids only; what is said is rendered when it is sent, in the recipient's language, from the subject
/// as it is then (a cancelled appointment is not reminded). <see cref="IdempotencyKey"/> is unique per event ×
/// recipient × channel, so planning the same event twice plans it once.
/// </summary>
public sealed class Notification : ITenantOwned
{
    public long Id { get; set; }
    public int TenantId { get; set; }
    /// <summary>The account addressed, when there is one (staff, or a patient's portal account).</summary>
    public int? RecipientUserId { get; set; }
    /// <summary>The patient addressed (with or without a portal account): contact details and preferences are the record's.</summary>
    public int? RecipientPatientId { get; set; }
    public required string Type { get; set; }
    public required string Channel { get; set; }
    /// <summary>Which template renders it, with its version, so a row planned before a template change stays explainable.</summary>
    public required string Template { get; set; }
    public string Status { get; set; } = NotificationStatuses.Pending;
    /// <summary>What the notification is about (appointment, message, document, prescription, vaccination id).</summary>
    public long? SubjectId { get; set; }
    /// <summary>The subject's time when planned (an appointment's start): a moved appointment makes this row obsolete.</summary>
    public DateTime? SubjectAt { get; set; }
    public required string IdempotencyKey { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    /// <summary>A sender holds the row until then; after that a crashed sender's row is taken over.</summary>
    public DateTime? ClaimedUntil { get; set; }
    /// <summary>Which claim holds the row: every write after it is conditional on this, so a sender whose claim lapsed changes nothing.</summary>
    public Guid? ClaimId { get; set; }
    /// <summary>The provider's id for the message (Twilio's message SID), to match delivery receipts.</summary>
    public string? ProviderId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? SentAt { get; set; }
    public DateTime? DeliveredAt { get; set; }
    /// <summary>A code (<c>smtp_unavailable</c>, <c>http_503</c>, <c>opted_out</c>…), never text that could hold patient data.</summary>
    public string? LastError { get; set; }
    /// <summary>
    /// A transactional e-mail's message as it will be sent (address, subject, body with its one-time link), sealed with
    /// the clinic's key: it cannot be rendered again later, since the link's secret is stored nowhere else. Erased
    /// once sent or abandoned. Null for the other notifications, which are rendered when sent.
    /// </summary>
    public string? SealedContent { get; set; }
}

public static class NotificationTypes
{
    public const string AppointmentReminder = "appointment_reminder";
    public const string LabResultAvailable = "lab_result_available";
    public const string PrescriptionRenewal = "prescription_renewal";
    public const string VaccinationReminder = "vaccination_reminder";
    public const string NewMessage = "new_message";
    public const string PortalInvitation = "portal_invitation";
    public const string ContactChanged = "contact_changed";
    public const string ShareOpened = "share_opened";
    public const string ShareLocked = "share_locked";
    public const string ShareCode = "share_code";

    /// <summary>What a recipient may turn off, per channel (preferences, unsubscribe links, SMS STOP).</summary>
    public static readonly string[] Optional = [AppointmentReminder, LabResultAvailable, PrescriptionRenewal, VaccinationReminder, NewMessage];

    /// <summary>
    /// Notices about the security of a record that nobody may turn off (so they carry no unsubscribe link): a share
    /// of it was opened, or locked after wrong PINs. Rendered when sent, like the optional ones.
    /// </summary>
    public static readonly string[] Security = [ShareOpened, ShareLocked];

    /// <summary>
    /// E-mails a recipient cannot turn off, because an action of theirs or a security matter calls for them: the portal
    /// invitation, the notice to an old address that it was replaced, the code that proves a share's recipient holds
    /// its mailbox. Sent as sealed (<see cref="Notification.SealedContent"/>).
    /// </summary>
    public static readonly string[] Transactional = [PortalInvitation, ContactChanged, ShareCode];

    public static readonly string[] All = [.. Optional, .. Security, .. Transactional];
}

public static class NotificationChannels
{
    public const string Email = "email";
    public const string Sms = "sms";

    public static readonly string[] All = [Email, Sms];
}

public static class NotificationStatuses
{
    public const string Pending = "pending";
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
    public const string Skipped = "skipped";

    public static readonly string[] All = [Pending, Sending, Sent, Delivered, Failed, Cancelled, Skipped];
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.ToTable("notifications");
        builder.Property(n => n.Type).HasMaxLength(32);
        builder.Property(n => n.Channel).HasMaxLength(8);
        builder.Property(n => n.Template).HasMaxLength(64);
        builder.Property(n => n.Status).HasMaxLength(16);
        builder.Property(n => n.IdempotencyKey).HasMaxLength(200);
        builder.Property(n => n.ProviderId).HasMaxLength(64);
        builder.Property(n => n.LastError).HasMaxLength(64);
        builder.Property(n => n.SealedContent).HasMaxLength(65536);
        builder.HasIndex(n => n.IdempotencyKey).IsUnique();
        // The senders' query: what is due, among the few rows still to send.
        builder.HasIndex(n => n.NextAttemptAt).HasFilter("status IN ('pending', 'sending')");
        builder.HasIndex(n => new { n.TenantId, n.CreatedAt });
        builder.HasIndex(n => new { n.TenantId, n.RecipientUserId, n.CreatedAt });
        builder.HasIndex(n => new { n.TenantId, n.RecipientPatientId, n.CreatedAt });
        builder.HasIndex(n => n.ProviderId);
    }
}
