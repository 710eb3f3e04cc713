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
            MessageId = $"notification-{notification.Id}-{notification.CreatedAt:yyyyMMddHHmmss}@keneyapp",
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
}
