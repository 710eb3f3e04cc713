using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Notifications;

/// <summary>
/// Writes notification rows once: a row whose idempotency key (event × recipient × channel) exists already is
/// left out, and a concurrent planner that wrote the same key first wins (the unique index decides).
/// </summary>
internal static class NotificationPlanner
{
    /// <summary>The key of one event's notification to one recipient on one channel.</summary>
    public static string Key(string eventKey, int? userId, int? patientId, string channel) =>
        $"{eventKey}:{(patientId is { } p ? $"p{p}" : $"u{userId}")}:{channel}";

    /// <summary>Adds the rows whose keys are new to <paramref name="db"/> (nothing is saved); answers how many.</summary>
    public static async Task<int> AddNewAsync(AppDbContext db, IReadOnlyList<Notification> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return 0;
        }
        var keys = rows.Select(r => r.IdempotencyKey).ToList();
        var known = (await db.Set<Notification>().IgnoreQueryFilters([QueryFilters.Tenant])
            .Where(n => keys.Contains(n.IdempotencyKey)).Select(n => n.IdempotencyKey).ToListAsync(ct)).ToHashSet();
        var added = 0;
        foreach (var row in rows.Where(r => known.Add(r.IdempotencyKey)))
        {
            db.Add(row);
            added++;
        }
        return added;
    }

    /// <summary>Saves; when another planner inserted one of the keys meanwhile, the whole batch is dropped and answers false (the next pass re-plans the rest).</summary>
    public static async Task<bool> TrySaveAsync(AppDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    public static Notification Row(int tenantId, int? userId, int? patientId, string type, string channel, string eventKey, long subjectId,
        DateTime? subjectAt, DateTime now, DateTime? sendAt = null, bool escalation = false) => new()
        {
            TenantId = tenantId,
            RecipientUserId = userId,
            RecipientPatientId = patientId,
            Type = type,
            Channel = channel,
            Template = NotificationTemplates.Name(type, escalation),
            SubjectId = subjectId,
            SubjectAt = subjectAt,
            IdempotencyKey = Key(eventKey, userId, patientId, channel),
            CreatedAt = now,
            NextAttemptAt = sendAt ?? now,
        };

    /// <summary>
    /// Plans one notification per event on every channel to each event's patient (addressed to its portal account too,
    /// when it has one), saves, and answers how many rows are new.
    /// </summary>
    public static async Task<int> PlanForPatientsAsync(AppDbContext db, int tenantId, string type, IReadOnlyList<PatientEvent> events, DateTime now,
        CancellationToken ct)
    {
        if (events.Count == 0)
        {
            return 0;
        }
        var patientIds = events.Select(e => e.PatientId).Distinct().ToList();
        // Every clinic's events are planned here: the users' tenant filter is off, and the clinic is named instead.
        var portal = await db.Users.IgnoreQueryFilters().AsNoTracking()
            .Where(u => u.TenantId == tenantId && u.PatientId != null && patientIds.Contains(u.PatientId.Value))
            .ToDictionaryAsync(u => u.PatientId!.Value, u => (int?)u.Id, ct);
        var rows = events.SelectMany(e => NotificationChannels.All.Select(channel =>
            Row(tenantId, portal.GetValueOrDefault(e.PatientId), e.PatientId, type, channel, e.EventKey, e.SubjectId, e.SubjectAt, now))).ToList();
        var added = await AddNewAsync(db, rows, ct);
        return await TrySaveAsync(db, ct) ? added : 0;
    }
}

/// <summary>Something that calls for a notification to a patient: what about, when, and the key naming the event.</summary>
internal sealed record PatientEvent(int PatientId, long SubjectId, DateTime? SubjectAt, string EventKey);
