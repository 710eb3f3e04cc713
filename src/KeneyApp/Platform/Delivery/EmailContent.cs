using System.Text.Json;

namespace KeneyApp.Platform.Delivery;

/// <summary>A message as it will be sent. Stored only sealed (<see cref="Notification.SealedContent"/>).</summary>
public sealed record EmailContent(string To, string Subject, string TextBody)
{
    // The name of the table these messages were first kept in: messages sealed then still open after the move.
    internal const string Purpose = "outgoing_email.content";

    public string ToJson() => JsonSerializer.Serialize(this);

    public static EmailContent FromJson(string json) =>
        JsonSerializer.Deserialize<EmailContent>(json) ?? throw new InvalidDataException("Empty e-mail content.");
}
