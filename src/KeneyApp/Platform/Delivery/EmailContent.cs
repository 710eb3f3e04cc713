using System.Text.Json;

namespace KeneyApp.Platform.Delivery;

/// <summary>A message as it will be sent. Stored only sealed (<see cref="OutgoingEmail.SealedContent"/>).</summary>
public sealed record EmailContent(string To, string Subject, string TextBody)
{
    internal const string Purpose = "outgoing_email.content";

    internal string ToJson() => JsonSerializer.Serialize(this);

    internal static EmailContent FromJson(string json) =>
        JsonSerializer.Deserialize<EmailContent>(json) ?? throw new InvalidDataException("Empty e-mail content.");
}
