using Hangfire;

namespace KeneyApp.Features.Notifications;

/// <summary>
/// The recurring jobs, registered at start-up (idempotently: every node may do it). They only plan rows; delivery
/// is <see cref="DeliverNotifications"/>'s, so a job lost with the in-memory store loses nothing that was planned.
/// </summary>
internal sealed class NotificationSchedules(IRecurringJobManager jobs) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Every 15 minutes: 08:00 in every clinic's zone is one of these runs, and appointments booked later in the
        // day get their reminder when it comes due rather than the next morning.
        jobs.AddOrUpdate<PlanAppointmentReminders>(PlanAppointmentReminders.Job, j => j.RunAsync(null, CancellationToken.None), "*/15 * * * *");
        // Every 15 minutes too, so that 09:00 comes in each clinic's own zone; each clinic is planned once a day from then.
        jobs.AddOrUpdate<PlanPrescriptionRenewals>(PlanPrescriptionRenewals.Job, j => j.RunAsync(null, false, CancellationToken.None), "*/15 * * * *");
        jobs.AddOrUpdate<PlanVaccinationReminders>(PlanVaccinationReminders.Job, j => j.RunAsync(null, false, CancellationToken.None), "*/15 * * * *");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
