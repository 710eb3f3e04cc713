using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;

namespace KeneyApp.Features.Notifications;

/// <summary>A clinic admin runs one of the scheduled jobs now, for its own clinic only; answers how many notifications it queued.</summary>
internal sealed class RunNotificationJob(PlanAppointmentReminders appointments, PlanPrescriptionRenewals prescriptions, PlanVaccinationReminders vaccinations,
    AuditLog audit, CurrentUser user)
{
    public static readonly string[] Jobs = [PlanAppointmentReminders.Job, PlanPrescriptionRenewals.Job, PlanVaccinationReminders.Job];

    public async Task<Outcome<JobRunResponse>> HandleAsync(string job, CancellationToken ct)
    {
        if (!Jobs.Contains(job))
        {
            return Problem.NotFound("job");
        }
        var queued = job switch
        {
            PlanAppointmentReminders.Job => await appointments.RunAsync(user.TenantId, ct),
            PlanPrescriptionRenewals.Job => await prescriptions.RunAsync(user.TenantId, runNow: true, ct),
            _ => await vaccinations.RunAsync(user.TenantId, runNow: true, ct),
        };
        await audit.RecordAsync("run", "notification_job", job, details: $"queued={queued}", ct: ct);
        return new JobRunResponse(job, queued);
    }
}
