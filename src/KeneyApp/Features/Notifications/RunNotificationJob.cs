using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;

namespace KeneyApp.Features.Notifications;

/// <summary>A clinic admin runs one of the scheduled jobs now, for its own clinic only; answers how many notifications it queued.</summary>
internal sealed class RunNotificationJob(PlanAppointmentReminders appointments, AuditLog audit, CurrentUser user)
{
    public static readonly string[] Jobs = [PlanAppointmentReminders.Job];

    public async Task<Outcome<JobRunResponse>> HandleAsync(string job, CancellationToken ct)
    {
        if (!Jobs.Contains(job))
        {
            return Problem.NotFound("job");
        }
        var queued = await appointments.RunAsync(user.TenantId, ct);
        await audit.RecordAsync("run", "notification_job", job, details: $"queued={queued}", ct: ct);
        return new JobRunResponse(job, queued);
    }
}
