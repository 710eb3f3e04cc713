namespace KeneyApp.Features.Notifications;

public sealed record NotificationResponse(long Id, string Type, string Channel, string Status, DateTime CreatedAt, DateTime? SentAt);

public sealed record DeliveryResponse(
    long Id, string Type, string Channel, string Status, int? RecipientUserId, int? RecipientPatientId, int Attempts, string? LastError,
    DateTime CreatedAt, DateTime NextAttemptAt, DateTime? SentAt, DateTime? DeliveredAt);

/// <summary>
/// The preferences document: <c>channels</c> maps each type to its channels' on/off. A <c>PUT</c> may send any
/// subset (a type with some of its channels) and answers the whole document.
/// </summary>
public sealed record NotificationPreferencesDocument(
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, bool>>? Channels, string? QuietHoursStart, string? QuietHoursEnd, string? Timezone,
    string? Language);

public sealed record JobRunResponse(string Job, int Queued);
