using System.Globalization;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Jobs;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Notifications;

/// <summary>
/// Tells patients, at 09:00 in their clinic's zone, that a prescription ends within the clinic's renewal delay
/// (default 7 days), by e-mail and SMS, once per end date: a prescription whose end date changes is told again for
/// the new date; a cancelled one is not told (its planned notice is cancelled when it comes due).
/// </summary>
internal sealed class PlanPrescriptionRenewals(AppDbContext db, OutboxSignal signal, TimeProvider clock)
{
    public const string Job = "prescription-renewals";

    public async Task<int> RunAsync(int? tenantId, bool runNow, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var clinics = await db.Tenants.Where(t => t.IsActive && (tenantId == null || t.Id == tenantId))
            .Select(t => new { t.Id, t.DefaultTimezone, t.PrescriptionRenewalLeadDays }).ToListAsync(ct);
        var queued = 0;
        foreach (var clinic in clinics)
        {
            var (today, due) = DailyRun.At(now, clinic.DefaultTimezone, runNow);
            if (!due)
            {
                continue;
            }
            var until = today.AddDays(clinic.PrescriptionRenewalLeadDays);
            var lastId = 0;
            while (true)
            {
                var ending = await db.Set<Prescription>().IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking()
                    .Where(p => p.TenantId == clinic.Id && p.Id > lastId && p.CancelledAt == null && p.EndDate >= today && p.EndDate <= until)
                    .OrderBy(p => p.Id).Select(p => new { p.Id, p.PatientId, p.EndDate }).Take(500).ToListAsync(ct);
                if (ending.Count == 0)
                {
                    break;
                }
                lastId = ending[^1].Id;
                var events = ending.Select(p => new PatientEvent(p.PatientId, p.Id, p.EndDate.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
                    string.Create(CultureInfo.InvariantCulture, $"{NotificationTypes.PrescriptionRenewal}:r{p.Id}:{p.EndDate:yyyyMMdd}"))).ToList();
                queued += await NotificationPlanner.PlanForPatientsAsync(db, clinic.Id, NotificationTypes.PrescriptionRenewal, events, now, ct);
            }
        }
        if (queued > 0)
        {
            signal.Ring();
        }
        return queued;
    }
}
