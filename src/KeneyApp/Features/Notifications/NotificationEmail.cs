using KeneyApp.Platform.Delivery;
using MimeKit;

namespace KeneyApp.Features.Notifications;

/// <summary>A notification as an e-mail: plain text and HTML, and a Message-ID fixed by its row, so a repeat after a crash is recognisably the same message.</summary>
internal static class NotificationEmail
{
    public static MimeMessage Compose(Notification notification, string from, string to, RenderedNotification text, DateTimeOffset now, string? oneClickUnsubscribe)
    {
        var body = new BodyBuilder { TextBody = text.Text, HtmlBody = text.Html };
        var message = new MimeMessage
        {
            MessageId = MessageId(notification),
            Date = now,
            Subject = text.Subject,
            Body = body.ToMessageBody(),
        };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        if (oneClickUnsubscribe is not null)
        {
            // RFC 8058: mail clients offer "unsubscribe" and POST to this address themselves.
            message.Headers.Add("List-Unsubscribe", $"<{oneClickUnsubscribe}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        return message;
    }

    /// <summary>A transactional e-mail, as it was sealed: plain text, no unsubscribe (nobody may opt out of it).</summary>
    public static MimeMessage Compose(Notification notification, string from, EmailContent content, DateTimeOffset now)
    {
        var message = new MimeMessage
        {
            MessageId = MessageId(notification),
            Date = now,
            Subject = content.Subject,
            Body = new TextPart("plain") { Text = content.TextBody },
        };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(content.To));
        return message;
    }

    private static string MessageId(Notification notification) => $"notification-{notification.Id}-{notification.CreatedAt:yyyyMMddHHmmss}@keneyapp";
}
