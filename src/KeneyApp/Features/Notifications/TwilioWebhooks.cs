using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Notifications;

/// <summary>
/// What Twilio tells us, once its signature is checked: delivery receipts move an SMS to <c>delivered</c> or
/// <c>failed</c>; an inbound <c>STOP</c> (or <c>ARRET</c>) turns SMS off for every record with that number, and
/// <c>START</c> turns them back on. Receipts may come out of order: only final states are taken, and a row is
/// never moved back from one.
/// </summary>
internal sealed class TwilioWebhooks(AppDbContext db, AuditLog audit, TimeProvider clock, ILogger<TwilioWebhooks> logger)
{
    private static readonly string[] StopWords = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "ARRET", "ARRÊT"];
    private static readonly string[] StartWords = ["START", "UNSTOP", "YES"];

    public async Task DeliveryReceiptAsync(string? messageSid, string? status, string? errorCode, CancellationToken ct)
    {
        var final = status switch
        {
            "delivered" => NotificationStatuses.Delivered,
            "failed" or "undelivered" => NotificationStatuses.Failed,
            _ => null,
        };
        if (string.IsNullOrEmpty(messageSid) || final is null)
        {
            return;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var code = int.TryParse(errorCode, out var number) ? $"twilio_{number}" : $"twilio_{status}";
        var updated = await db.Set<Notification>().IgnoreQueryFilters([QueryFilters.Tenant])
            .Where(n => n.ProviderId == messageSid && n.Channel == NotificationChannels.Sms && n.Status == NotificationStatuses.Sent)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.Status, final)
                .SetProperty(n => n.DeliveredAt, n => final == NotificationStatuses.Delivered ? now : n.DeliveredAt)
                .SetProperty(n => n.LastError, n => final == NotificationStatuses.Failed ? code : n.LastError), ct);
        logger.LogInformation("Twilio receipt for {ProviderId}: {Status} ({Rows} row)", messageSid, final, updated);
    }

    public async Task InboundAsync(string? from, string? body, CancellationToken ct)
    {
        var word = (body ?? "").Trim().ToUpperInvariant();
        var stop = StopWords.Contains(word);
        if (string.IsNullOrEmpty(from) || (!stop && !StartWords.Contains(word)))
        {
            return; // patients do not write to the clinic by SMS: the portal's messaging is the way
        }
        var patients = await db.Set<Patient>().IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking().Where(p => p.Phone == from)
            .Select(p => new { p.Id, p.TenantId }).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var patient in patients)
        {
            var preferences = (await NotificationRecipients.TrackedAsync(db, patient.TenantId, null, patient.Id, ct))!;
            foreach (var type in NotificationTypes.Optional)
            {
                preferences.Set(type, NotificationChannels.Sms, on: !stop);
            }
            preferences.UpdatedAt = now;
            await db.SaveChangesAsync(ct);
            await audit.RecordForAsync(null, null, patient.TenantId, AuditActions.Update, "notification_preferences", preferences.Id,
                details: stop ? "source=sms_stop" : "source=sms_start", ct: ct);
        }
        logger.LogInformation("Inbound SMS keyword {Keyword} applied to {Records} record(s)", stop ? "STOP" : "START", patients.Count);
    }
}
