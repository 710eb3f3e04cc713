using KeneyApp.Platform.Crypto;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Delivery;
using KeneyApp.Platform.Http;
using MailKit;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Notifications;

/// <summary>
/// Claims one due row and settles it: sent; or cancelled (its subject no longer calls for it); or skipped, with the
/// reason (opted out, no address, no SMS provider); or put back until the end of the recipient's quiet hours; or,
/// on failure, retried with exponential backoff up to <see cref="MaxAttempts"/>, then failed. Every write after the
/// claim is conditional on still holding it, so a sender whose claim lapsed cannot overwrite its successor's result.
/// A transactional e-mail is sent as it was sealed, and a security notice rendered, whatever the recipient's preferences.
/// </summary>
internal sealed class SendNotification(AppDbContext db, TenantScope tenant, IEmailTransport email, EmailOptions emailOptions, ISmsSender sms,
    FieldEncryptor encryptor, NotificationPace pace, PublicAddress address, UnsubscribeLinks unsubscribe, NotificationMetrics metrics, TimeProvider clock, ILogger<SendNotification> logger)
{
    public const int MaxAttempts = 5;

    /// <summary>Sends or settles one row that <paramref name="notification"/>'s claim holds; answers whether it was settled.</summary>
    public async Task<bool> SendAsync(Notification notification, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        tenant.Use(notification.TenantId);
        var held = db.Set<Notification>().IgnoreQueryFilters([QueryFilters.Tenant])
            .Where(n => n.Id == notification.Id && n.Status == NotificationStatuses.Sending && n.ClaimId == notification.ClaimId);
        try
        {
            return NotificationTypes.Transactional.Contains(notification.Type)
                ? await DeliverSealedAsync(notification, held, ct)
                : await DeliverAsync(notification, held, now, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            await FailedAttemptAsync(notification, held, now, e);
            return false;
        }
    }

    private async Task<bool> DeliverAsync(Notification notification, IQueryable<Notification> held, DateTime now, CancellationToken ct)
    {
        var clinic = await db.Tenants.AsNoTracking().FirstAsync(t => t.Id == notification.TenantId, ct);
        var recipient = await NotificationRecipients.FindAsync(db, notification, clinic, ct);
        var zone = Zone(recipient?.Preferences.Timezone ?? clinic.DefaultTimezone);
        var facts = recipient is null ? null : await NotificationSubjects.FactsAsync(db, encryptor, notification, clinic, zone, address.BaseUrl, now, ct);
        if (recipient is null || facts is null)
        {
            return await SettleAsync(notification, held, NotificationStatuses.Cancelled, recipient is null ? "recipient_gone" : "no_longer_applies");
        }
        var optional = NotificationTypes.Optional.Contains(notification.Type);
        if (optional && !recipient.Preferences.Allows(notification.Type, notification.Channel))
        {
            return await SettleAsync(notification, held, NotificationStatuses.Skipped, "opted_out");
        }
        var to = notification.Channel == NotificationChannels.Sms ? recipient.Phone : recipient.Email;
        if (string.IsNullOrWhiteSpace(to))
        {
            return await SettleAsync(notification, held, NotificationStatuses.Skipped, "no_address");
        }
        if (notification.Channel == NotificationChannels.Sms)
        {
            if (!sms.Enabled)
            {
                return await SettleAsync(notification, held, NotificationStatuses.Skipped, "no_provider");
            }
            var allowed = QuietHours.NextAllowed(now, recipient.Preferences.QuietHoursStart, recipient.Preferences.QuietHoursEnd, zone);
            if (allowed > now)
            {
                await held.ExecuteUpdateAsync(s => s.SetProperty(n => n.Status, NotificationStatuses.Pending)
                    .SetProperty(n => n.ClaimedUntil, (DateTime?)null).SetProperty(n => n.ClaimId, (Guid?)null).SetProperty(n => n.NextAttemptAt, allowed), CancellationToken.None);
                logger.LogInformation("Notification {NotificationId} waits for the end of quiet hours", notification.Id);
                return false;
            }
        }
        // Only what may be turned off offers to turn it off.
        var token = optional ? unsubscribe.Token(notification) : null;
        var text = NotificationTemplates.Render(notification.Type, recipient.Preferences.Language,
            facts with { UnsubscribeLink = token is null ? null : address.BaseUrl + UnsubscribeLinks.PagePath + token });
        await pace.WaitTurnAsync(notification.Channel, ct);
        string? providerId = null;
        if (notification.Channel == NotificationChannels.Sms)
        {
            providerId = await sms.SendAsync(to, text.Sms, ct);
        }
        else
        {
            await email.SendAsync(NotificationEmail.Compose(notification, emailOptions.From, to, text, clock.GetUtcNow(),
                token is null ? null : address.BaseUrl + UnsubscribeLinks.OneClickPath + token), ct);
        }
        return await SentAsync(notification, held, providerId);
    }

    /// <summary>A transactional e-mail: its address and text were sealed when it was planned (a one-time link is stored nowhere else).</summary>
    private async Task<bool> DeliverSealedAsync(Notification notification, IQueryable<Notification> held, CancellationToken ct)
    {
        if (notification.SealedContent is null)
        {
            return await SettleAsync(notification, held, NotificationStatuses.Cancelled, "no_content");
        }
        var content = EmailContent.FromJson(encryptor.Decrypt(notification.TenantId, EmailContent.Purpose, notification.SealedContent));
        await pace.WaitTurnAsync(NotificationChannels.Email, ct);
        await email.SendAsync(NotificationEmail.Compose(notification, emailOptions.From, content, clock.GetUtcNow()), ct);
        return await SentAsync(notification, held, providerId: null);
    }

    private async Task<bool> SentAsync(Notification notification, IQueryable<Notification> held, string? providerId)
    {
        var sentAt = clock.GetUtcNow().UtcDateTime;
        await held.ExecuteUpdateAsync(s => s.SetProperty(n => n.Status, NotificationStatuses.Sent)
            .SetProperty(n => n.Attempts, notification.Attempts + 1).SetProperty(n => n.SentAt, sentAt)
            .SetProperty(n => n.ProviderId, providerId).SetProperty(n => n.ClaimedUntil, (DateTime?)null).SetProperty(n => n.ClaimId, (Guid?)null)
            .SetProperty(n => n.LastError, (string?)null).SetProperty(n => n.SealedContent, (string?)null), CancellationToken.None);
        metrics.Sent(notification.Channel);
        logger.LogInformation("Notification {NotificationId} ({NotificationType}, {Channel}) sent", notification.Id, notification.Type, notification.Channel);
        return true;
    }

    private async Task<bool> SettleAsync(Notification notification, IQueryable<Notification> held, string status, string reason)
    {
        await held.ExecuteUpdateAsync(s => s.SetProperty(n => n.Status, status).SetProperty(n => n.LastError, reason)
            .SetProperty(n => n.ClaimedUntil, (DateTime?)null).SetProperty(n => n.ClaimId, (Guid?)null).SetProperty(n => n.SealedContent, (string?)null), CancellationToken.None);
        logger.LogInformation("Notification {NotificationId} ({NotificationType}, {Channel}) {Status}: {Reason}",
            notification.Id, notification.Type, notification.Channel, status, reason);
        return true;
    }

    private async Task FailedAttemptAsync(Notification notification, IQueryable<Notification> held, DateTime now, Exception e)
    {
        var attempts = notification.Attempts + 1;
        // A message that no longer opens (its clinic's key is gone) will not open on a later attempt either.
        var giveUp = attempts >= MaxAttempts || e is SmsNotSentException { Permanent: true } or DecryptionFailedException;
        var backoff = TimeSpan.FromSeconds(Math.Min(3600, 30 * Math.Pow(2, attempts - 1)));
        var code = ErrorCode(e);
        await held.ExecuteUpdateAsync(s => s
            .SetProperty(n => n.Status, giveUp ? NotificationStatuses.Failed : NotificationStatuses.Pending)
            .SetProperty(n => n.Attempts, attempts)
            .SetProperty(n => n.LastError, code)
            .SetProperty(n => n.ClaimedUntil, (DateTime?)null).SetProperty(n => n.ClaimId, (Guid?)null)
            .SetProperty(n => n.NextAttemptAt, now + backoff)
            .SetProperty(n => n.SealedContent, n => giveUp ? null : n.SealedContent), CancellationToken.None);
        if (giveUp)
        {
            metrics.Failed(notification.Channel);
        }
        logger.LogWarning("Notification {NotificationId} ({Channel}) not sent, attempt {Attempt}: {ErrorCode}{GaveUp}",
            notification.Id, notification.Channel, attempts, code, giveUp ? "; failed" : "");
    }

    /// <summary>A code for the delivery log: a status or a kind of failure, never a provider's text (it may quote the message).</summary>
    internal static string ErrorCode(Exception e) => e switch
    {
        SmsNotSentException refused => refused.Code,
        SmtpCommandException command => $"smtp_{(int)command.StatusCode}",
        SmtpProtocolException => "smtp_protocol",
        ServiceNotConnectedException or System.Net.Sockets.SocketException or IOException => "smtp_unavailable",
        HttpRequestException { StatusCode: { } status } => $"http_{(int)status}",
        HttpRequestException => "http_unavailable",
        TimeoutException or OperationCanceledException => "timeout",
        DecryptionFailedException => "sealed_unreadable",
        _ => e.GetType().Name,
    };

    private static TimeZoneInfo Zone(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}
