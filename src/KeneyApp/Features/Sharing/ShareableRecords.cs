using System.Globalization;
using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Sharing;

/// <summary>One record a custom share may name, with what the wizard shows of it.</summary>
public sealed record ShareableItem(int Id, string Label);

public sealed record ShareableItems(IReadOnlyList<ShareableItem> Appointments, IReadOnlyList<ShareableItem> Prescriptions,
    IReadOnlyList<ShareableItem> Vaccinations, IReadOnlyList<ShareableItem> Documents);

/// <summary>
/// The records of a patient that the caller may put in a custom share, for the sharing wizard: the same rules as
/// the creation's check (the caller's visible patients, the documents it may read).
/// </summary>
internal sealed class ShareableRecords(AppDbContext db, CurrentUser user, AuditLog audit)
{
    public async Task<ShareableItems?> ListAsync(int patientId, CancellationToken ct)
    {
        if (!await db.CanSeePatientAsync(user, patientId, ct))
        {
            return null;
        }
        var culture = CultureInfo.CurrentCulture;
        var appointments = await db.Set<Appointment>().AsNoTracking().Where(a => a.PatientId == patientId).OrderByDescending(a => a.AppointmentDate)
            .Take(100).Select(a => new { a.Id, a.AppointmentDate }).ToListAsync(ct);
        var prescriptions = await db.Set<Prescription>().AsNoTracking().Where(p => p.PatientId == patientId).OrderByDescending(p => p.StartDate)
            .Take(100).Select(p => new { p.Id, p.MedicationName, p.StartDate }).ToListAsync(ct);
        var vaccinations = await db.Set<Vaccination>().AsNoTracking().Where(v => v.PatientId == patientId).OrderByDescending(v => v.AdministeredOn)
            .Take(100).Select(v => new { v.Id, v.VaccineName, v.AdministeredOn }).ToListAsync(ct);
        var documents = await db.ReadableDocuments(user).AsNoTracking().Where(d => d.PatientId == patientId && d.Status == DocumentStatus.Ready)
            .OrderByDescending(d => d.CreatedAt).Take(100).Select(d => new { d.Id, d.OriginalFilename, d.CreatedAt }).ToListAsync(ct);
        // Medication and file names of one patient, for the wizard's choice: a read of the record.
        await audit.RecordAsync(AuditActions.Read, "patient", patientId, details: "shareable_items", ct: ct);
        return new ShareableItems(
            [.. appointments.Select(a => new ShareableItem(a.Id, a.AppointmentDate.ToString("d", culture)))],
            [.. prescriptions.Select(p => new ShareableItem(p.Id, $"{p.MedicationName} ({p.StartDate.ToString("d", culture)})"))],
            [.. vaccinations.Select(v => new ShareableItem(v.Id, $"{v.VaccineName} ({v.AdministeredOn.ToString("d", culture)})"))],
            [.. documents.Select(d => new ShareableItem(d.Id, $"{d.OriginalFilename} ({d.CreatedAt.ToString("d", culture)})"))]);
    }
}
