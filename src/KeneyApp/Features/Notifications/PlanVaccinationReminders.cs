using System.Globalization;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Jobs;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Notifications;

/// <summary>
/// Tells patients, at 09:00 in their clinic's zone, that a vaccine dose comes due: the vaccine catalogue's lead
/// time before the vaccination's next due date (30 days for a vaccine not in the catalogue), once per due date.
/// A dose recorded since, or a vaccination removed, cancels the notice when it comes due. Due dates more than
/// <see cref="OverdueWindowDays"/> days past are not announced: that is the clinic's follow-up, not a reminder.
/// </summary>
internal sealed class PlanVaccinationReminders(AppDbContext db, OutboxSignal signal, TimeProvider clock)
{
    public const string Job = "vaccination-reminders";
    private const int DefaultLeadDays = 30;
    private const int OverdueWindowDays = 30;

    public async Task<int> RunAsync(int? tenantId, bool runNow, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var clinics = await db.Tenants.Where(t => t.IsActive && (tenantId == null || t.Id == tenantId))
            .Select(t => new { t.Id, t.DefaultTimezone }).ToListAsync(ct);
        var queued = 0;
        foreach (var clinic in clinics)
        {
            var (today, due) = DailyRun.At(now, clinic.DefaultTimezone, runNow);
            if (!due)
            {
                continue;
            }
            var leads = await db.Set<VaccineCatalogueEntry>().IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking()
                .Where(e => e.TenantId == clinic.Id).ToDictionaryAsync(e => e.Code, e => e.ReminderLeadDays, ct);
            var horizon = today.AddDays(Math.Max(DefaultLeadDays, leads.Count == 0 ? 0 : leads.Values.Max()));
            var lastId = 0;
            while (true)
            {
                var coming = await db.Set<Vaccination>().IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking()
                    .Where(v => v.TenantId == clinic.Id && v.Id > lastId && v.DeletedAt == null && v.NextDueOn != null
                        && v.NextDueOn >= today.AddDays(-OverdueWindowDays) && v.NextDueOn <= horizon)
                    .OrderBy(v => v.Id).Select(v => new { v.Id, v.PatientId, v.VaccineCode, NextDueOn = v.NextDueOn!.Value }).Take(500).ToListAsync(ct);
                if (coming.Count == 0)
                {
                    break;
                }
                lastId = coming[^1].Id;
                var events = coming.Where(v => v.NextDueOn.AddDays(-leads.GetValueOrDefault(v.VaccineCode, DefaultLeadDays)) <= today)
                    .Select(v => new PatientEvent(v.PatientId, v.Id, v.NextDueOn.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
                        string.Create(CultureInfo.InvariantCulture, $"{NotificationTypes.VaccinationReminder}:v{v.Id}:{v.NextDueOn:yyyyMMdd}"))).ToList();
                queued += await NotificationPlanner.PlanForPatientsAsync(db, clinic.Id, NotificationTypes.VaccinationReminder, events, now, ct);
            }
        }
        if (queued > 0)
        {
            signal.Ring();
        }
        return queued;
    }
}
