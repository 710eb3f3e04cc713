using System.Globalization;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Jobs;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Notifications;

/// <summary>
/// Plans the reminders of every appointment whose reminder time has come: for each clinic lead time (default 24
/// hours), an e-mail and an SMS to the patient. It runs every 15 minutes, so an appointment booked later in the day
/// is reminded too, and at 08:00 in every clinic's zone as the customer asked. Each reminder's key names the
/// appointment, the lead time and the start, so running twice plans once, and a moved appointment is re-planned
/// for its new time; the old reminder, like a cancelled appointment's, is cancelled when it comes due.
/// </summary>
internal sealed class PlanAppointmentReminders(AppDbContext db, OutboxSignal signal, TimeProvider clock)
{
    public const string Job = "appointment-reminders";

    /// <summary>Plans for every active clinic, or for one (<paramref name="tenantId"/>); answers the rows queued.</summary>
    public async Task<int> RunAsync(int? tenantId, CancellationToken ct)
    {
        var clinics = await db.Tenants.Where(t => t.IsActive && (tenantId == null || t.Id == tenantId))
            .Select(t => new { t.Id, t.AppointmentReminderLeadHours }).ToListAsync(ct);
        var queued = 0;
        foreach (var clinic in clinics)
        {
            queued += await PlanClinicAsync(clinic.Id, Tenant.LeadHours(clinic.AppointmentReminderLeadHours), ct);
        }
        if (queued > 0)
        {
            signal.Ring();
        }
        return queued;
    }

    private async Task<int> PlanClinicAsync(int tenantId, IReadOnlyList<int> leads, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var horizon = now.AddHours(leads.Max());
        var queued = 0;
        var lastId = 0;
        while (true)
        {
            // Pages by id: a clinic's coming day can hold thousands of appointments.
            var due = await db.Set<Appointment>().IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking()
                .Where(a => a.TenantId == tenantId && a.Id > lastId && a.AppointmentDate > now && a.AppointmentDate <= horizon
                    && (a.Status == AppointmentStatus.Scheduled || a.Status == AppointmentStatus.Confirmed))
                .OrderBy(a => a.Id).Select(a => new { a.Id, a.PatientId, a.AppointmentDate }).Take(500).ToListAsync(ct);
            if (due.Count == 0)
            {
                return queued;
            }
            lastId = due[^1].Id;
            var events = due.Select(appointment =>
            {
                // The shortest lead time that has come: one booked an hour ahead gets one reminder, not one per lead time.
                var lead = leads.Where(l => appointment.AppointmentDate <= now.AddHours(l)).Min();
                return new PatientEvent(appointment.PatientId, appointment.Id, appointment.AppointmentDate, string.Create(CultureInfo.InvariantCulture,
                    $"{NotificationTypes.AppointmentReminder}:a{appointment.Id}:{lead}h:{appointment.AppointmentDate:yyyyMMddHHmm}"));
            }).ToList();
            queued += await NotificationPlanner.PlanForPatientsAsync(db, tenantId, NotificationTypes.AppointmentReminder, events, now, ct);
        }
    }
}
