using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;

namespace KeneyApp.Features.Appointments;

/// <summary>Books a patient with a doctor of the clinic; the doctor must be free (409 names the clash).</summary>
internal sealed class BookAppointment(AppDbContext db, CurrentUser user, Schedule schedule, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<AppointmentResponse>> HandleAsync(AppointmentRequest request, CancellationToken ct)
    {
        var validation = AppointmentRules.Validate(request, partial: false);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }
        if (!await db.CanSeePatientAsync(user, request.PatientId!.Value, ct))
        {
            return Problem.NotFound("patient");
        }
        if (!await db.IsDoctorAsync(request.DoctorId!.Value, ct))
        {
            return Problem.NotFound("doctor");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var start = request.AppointmentDate!.Value.ToUniversalTime();
        var appointment = new Appointment
        {
            PatientId = request.PatientId.Value,
            DoctorId = request.DoctorId.Value,
            AppointmentDate = start,
            DurationMinutes = request.DurationMinutes ?? AppointmentRules.DefaultDuration,
            Status = AppointmentStatus.Scheduled,
            Reason = request.Reason?.Trim(),
            Notes = request.Notes?.Trim(),
            CreatedById = user.Id,
            CreatedAt = now,
            UpdatedAt = now,
        };
        appointment.EndsAt = start.AddMinutes(appointment.DurationMinutes);
        // In the schedule's transaction: the booking and its audit entry commit together.
        return await schedule.BookAsync(appointment.DoctorId, start, appointment.EndsAt, null, async () =>
        {
            db.Add(appointment);
            await db.SaveChangesAsync(ct);
            await audit.RecordAsync(AuditActions.Create, "appointment", appointment.Id, details: $"patient_id={appointment.PatientId}", ct: ct);
            return AppointmentResponse.From(appointment);
        }, ct);
    }
}
