using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Appointments;

/// <summary><see cref="From"/> and <see cref="To"/> as sent: parsed by <see cref="ClinicCalendar.BoundAsync"/>.</summary>
public sealed record AppointmentQuery(string? From, string? To, int? DoctorId, int? PatientId, AppointmentStatus? Status);

/// <summary>Reads appointments: staff see the clinic's, a patient only its own (a foreign id is 404).</summary>
internal sealed class FindAppointments(AppDbContext db, CurrentUser user, ClinicCalendar calendar, AuditLog audit)
{
    public async Task<Outcome<AppointmentResponse>> GetAsync(int id, CancellationToken ct)
    {
        var appointment = await Visible().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (appointment is null)
        {
            return Problem.NotFound("appointment");
        }
        await audit.RecordAsync(AuditActions.Read, "appointment", id, ct: ct);
        return AppointmentResponse.From(appointment);
    }

    public async Task<Outcome<(IReadOnlyList<AppointmentResponse> Items, int Total)>> ListAsync(AppointmentQuery q, Paging paging, CancellationToken ct)
    {
        var from = await calendar.BoundAsync("from", q.From, upper: false, ct);
        var to = await calendar.BoundAsync("to", q.To, upper: true, ct);
        if ((from.Problem ?? to.Problem) is { } unreadable)
        {
            return unreadable;
        }
        var appointments = Visible();
        if (from.Value is { } fromUtc)
        {
            appointments = appointments.Where(a => a.AppointmentDate >= fromUtc);
        }
        if (to.Value is { } toUtc)
        {
            appointments = appointments.Where(a => a.AppointmentDate < toUtc);
        }
        if (q.DoctorId is { } doctorId)
        {
            appointments = appointments.Where(a => a.DoctorId == doctorId);
        }
        if (q.PatientId is { } patientId)
        {
            appointments = appointments.Where(a => a.PatientId == patientId);
        }
        if (q.Status is { } status)
        {
            appointments = appointments.Where(a => a.Status == status);
        }
        var total = await appointments.CountAsync(ct);
        var page = await appointments.OrderBy(a => a.AppointmentDate).ThenBy(a => a.Id).Skip(paging.Offset).Take(paging.Count).ToListAsync(ct);
        await audit.RecordPageReadAsync("appointment", page.Select(a => a.Id), ct);
        return (page.Select(AppointmentResponse.From).ToList(), total);
    }

    private IQueryable<Appointment> Visible()
    {
        return db.Visible<Appointment>(user).AsNoTracking();
    }
}
