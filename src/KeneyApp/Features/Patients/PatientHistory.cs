using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Patients;

public sealed record HistoryItem(string Type, int Id, DateTime OccurredAt, string Title, string? Status);

/// <summary>
/// A patient's timeline, newest first: appointments, prescriptions, vaccinations and documents — each kind only
/// when the caller's role may read it (a receptionist sees appointments and administrative documents only).
/// </summary>
internal sealed class PatientHistory(AppDbContext db, CurrentUser user, ClinicCalendar calendar, AuditLog audit)
{
    public async Task<Outcome<IReadOnlyList<HistoryItem>>> HandleAsync(int id, CancellationToken ct)
    {
        if (!await db.CanSeePatientAsync(user, id, ct))
        {
            return Problem.NotFound("patient");
        }
        var today = await calendar.TodayAsync(ct);
        var items = new List<HistoryItem>();
        if (user.Can(Permission.AppointmentsRead))
        {
            items.AddRange((await db.Set<Appointment>().AsNoTracking().Where(a => a.PatientId == id).ToListAsync(ct))
                .Select(a => new HistoryItem("appointment", a.Id, a.AppointmentDate, a.Reason ?? "Consultation", WireName.Of(a.Status))));
        }
        if (user.Can(Permission.PrescriptionsRead))
        {
            items.AddRange((await db.Set<Prescription>().AsNoTracking().Where(p => p.PatientId == id).ToListAsync(ct))
                .Select(p => new HistoryItem("prescription", p.Id, p.StartDate.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), p.MedicationName,
                    WireName.Of(p.StatusOn(today)))));
        }
        if (user.Can(Permission.VaccinationsRead))
        {
            items.AddRange((await db.Set<Vaccination>().AsNoTracking().Where(v => v.PatientId == id).ToListAsync(ct))
                .Select(v => new HistoryItem("vaccination", v.Id, v.AdministeredOn.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
                    v.VaccineName, null)));
        }
        // Documents of the types the caller may read (a receptionist sees administrative ones only).
        items.AddRange((await db.ReadableDocuments(user).AsNoTracking().Where(d => d.PatientId == id)
                .Select(d => new { d.Id, d.CreatedAt, d.OriginalFilename, d.DocumentType }).ToListAsync(ct))
            .Select(d => new HistoryItem("document", d.Id, d.CreatedAt, d.OriginalFilename, WireName.Of(d.DocumentType))));
        await audit.RecordAsync(AuditActions.Read, "patient_history", id, ct: ct);
        return items.OrderByDescending(i => i.OccurredAt).ThenBy(i => i.Type).ToList();
    }

}
