using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Appointments;

/// <summary>Reschedules, reassigns or moves an appointment through its statuses; DELETE cancels it (kept for the record).</summary>
internal sealed class ChangeAppointment(AppDbContext db, CurrentUser user, Schedule schedule, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<AppointmentResponse>> UpdateAsync(int id, AppointmentRequest request, CancellationToken ct)
    {
        var validation = AppointmentRules.Validate(request, partial: true);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }
        var appointment = await Find(id, ct);
        if (appointment is null)
        {
            return Problem.NotFound("appointment");
        }
        if (request.PatientId is { } patientId && patientId != appointment.PatientId && !await db.CanSeePatientAsync(user, patientId, ct))
        {
            return Problem.NotFound("patient");
        }
        if (request.DoctorId is { } doctorId && doctorId != appointment.DoctorId && !await db.IsDoctorAsync(doctorId, ct))
        {
            return Problem.NotFound("doctor");
        }
        appointment.PatientId = request.PatientId ?? appointment.PatientId;
        appointment.DoctorId = request.DoctorId ?? appointment.DoctorId;
        appointment.AppointmentDate = request.AppointmentDate?.ToUniversalTime() ?? appointment.AppointmentDate;
        appointment.DurationMinutes = request.DurationMinutes ?? appointment.DurationMinutes;
        appointment.EndsAt = appointment.AppointmentDate.AddMinutes(appointment.DurationMinutes);
        appointment.Status = request.Status ?? appointment.Status;
        appointment.Reason = request.Reason is null ? appointment.Reason : request.Reason.Trim();
        appointment.Notes = request.Notes is null ? appointment.Notes : request.Notes.Trim();
        appointment.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        if (Appointment.BlocksSchedule(appointment.Status))
        {
            return await schedule.BookAsync(appointment.DoctorId, appointment.AppointmentDate, appointment.EndsAt, appointment.Id, SaveAsync, ct);
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var saved = await SaveAsync();
        await tx.CommitAsync(ct);
        return saved;

        // Runs in the schedule's transaction or the one above: the change and its audit entry commit together.
        async Task<AppointmentResponse> SaveAsync()
        {
            await db.SaveChangesAsync(ct);
            await audit.RecordAsync(AuditActions.Update, "appointment", id, details: $"status={WireName.Of(appointment.Status)}", ct: ct);
            return AppointmentResponse.From(appointment);
        }
    }

    public async Task<Outcome<bool>> CancelAsync(int id, CancellationToken ct)
    {
        var appointment = await Find(id, ct);
        if (appointment is null)
        {
            return Problem.NotFound("appointment");
        }
        appointment.Status = AppointmentStatus.Cancelled;
        appointment.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(AuditActions.Delete, "appointment", id, ct: ct);
        await tx.CommitAsync(ct);
        return true;
    }

    private Task<Appointment?> Find(int id, CancellationToken ct)
    {
        return db.Visible<Appointment>(user).FirstOrDefaultAsync(a => a.Id == id, ct);
    }
}
