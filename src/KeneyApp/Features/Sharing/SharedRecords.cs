using KeneyApp.Platform.Crypto;
using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Sharing;

/// <summary>
/// What a share opens, read with the clinic named by the share (the caller has no account): the patient's identity
/// always, and then only what the scope names — for <c>custom</c>, only the records listed. Documents are those the
/// share's creator may read today, so a patient never shares a result not yet released to it.
/// </summary>
public sealed class SharedRecords(AppDbContext db, FieldEncryptor encryptor)
{
    /// <summary>The patient's record within the share's scope, or null when the record is gone (archived).</summary>
    public async Task<SharedRecordResponse?> ReadAsync(RecordShare share, DateTime now, CancellationToken ct)
    {
        var patient = await db.Set<Patient>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == share.PatientId, ct);
        if (patient is null)
        {
            return null;
        }
        var full = share.Scope == ShareScopes.FullRecord;
        var custom = share.Scope == ShareScopes.Custom ? ShareReader.Resources(share.CustomResources) : null;
        var identity = new SharedPatient(patient.FirstName, patient.LastName, patient.DateOfBirth)
        {
            BloodType = full ? patient.BloodType : null,
            Allergies = full ? encryptor.DecryptOrNull(share.TenantId, PatientFields.Allergies, patient.AllergiesEncrypted) : null,
        };
        return new SharedRecordResponse(identity, share.Scope, now, share.ExpiresAt)
        {
            MedicalHistory = full ? encryptor.DecryptOrNull(share.TenantId, PatientFields.MedicalHistory, patient.MedicalHistoryEncrypted) : null,
            Appointments = Includes(share, ShareScopes.AppointmentsOnly, custom?.Appointments) ? await AppointmentsAsync(share, custom?.Appointments, ct) : null,
            Prescriptions = Includes(share, ShareScopes.PrescriptionsOnly, custom?.Prescriptions)
                ? await PrescriptionsAsync(share, custom?.Prescriptions, await TodayAsync(share.TenantId, now, ct), ct) : null,
            Vaccinations = Includes(share, null, custom?.Vaccinations) ? await VaccinationsAsync(share, custom?.Vaccinations, ct) : null,
            Documents = Includes(share, ShareScopes.DocumentsOnly, custom?.Documents) ? await DocumentsAsync(share, custom?.Documents, ct) : null,
        };
    }

    /// <summary>The documents the share opens (for the download): ids only.</summary>
    public async Task<bool> OpensDocumentAsync(RecordShare share, int documentId, CancellationToken ct)
    {
        var custom = share.Scope == ShareScopes.Custom ? ShareReader.Resources(share.CustomResources) : null;
        if (!Includes(share, ShareScopes.DocumentsOnly, custom?.Documents) || (custom is not null && custom.Documents?.Contains(documentId) != true))
        {
            return false;
        }
        return (await DocumentsAsync(share, [documentId], ct)).Count == 1;
    }

    private static bool Includes(RecordShare share, string? onlyScope, IReadOnlyList<int>? customIds) =>
        share.Scope == ShareScopes.FullRecord || (onlyScope is not null && share.Scope == onlyScope)
        || (share.Scope == ShareScopes.Custom && customIds is { Count: > 0 });

    private async Task<List<SharedAppointment>> AppointmentsAsync(RecordShare share, IReadOnlyList<int>? ids, CancellationToken ct)
    {
        var rows = db.Set<Appointment>().AsNoTracking().Where(a => a.PatientId == share.PatientId);
        rows = ids is null ? rows : rows.Where(a => ids.Contains(a.Id));
        var list = await rows.OrderByDescending(a => a.AppointmentDate).Take(500)
            .Select(a => new { a.Id, a.AppointmentDate, a.DurationMinutes, a.Status, a.DoctorId, a.Reason }).ToListAsync(ct);
        var doctors = await DoctorNamesAsync(share.TenantId, list.Select(a => a.DoctorId), ct);
        return [.. list.Select(a => new SharedAppointment(a.Id, a.AppointmentDate, a.DurationMinutes, Platform.Http.WireName.Of(a.Status), doctors.GetValueOrDefault(a.DoctorId), a.Reason))];
    }

    private async Task<List<SharedPrescription>> PrescriptionsAsync(RecordShare share, IReadOnlyList<int>? ids, DateOnly today, CancellationToken ct)
    {
        var rows = db.Set<Prescription>().AsNoTracking().Where(p => p.PatientId == share.PatientId);
        rows = ids is null ? rows : rows.Where(p => ids.Contains(p.Id));
        var list = await rows.OrderByDescending(p => p.StartDate).Take(500).ToListAsync(ct);
        var doctors = await DoctorNamesAsync(share.TenantId, list.Select(p => p.DoctorId), ct);
        return [.. list.Select(p => new SharedPrescription(p.Id, p.MedicationName, p.Dosage, p.Frequency, p.StartDate, p.EndDate,
            Platform.Http.WireName.Of(p.StatusOn(today)), doctors.GetValueOrDefault(p.DoctorId), p.Instructions))];
    }

    private async Task<List<SharedVaccination>> VaccinationsAsync(RecordShare share, IReadOnlyList<int>? ids, CancellationToken ct)
    {
        var rows = db.Set<Vaccination>().AsNoTracking().Where(v => v.PatientId == share.PatientId);
        rows = ids is null ? rows : rows.Where(v => ids.Contains(v.Id));
        return await rows.OrderByDescending(v => v.AdministeredOn).Take(500)
            .Select(v => new SharedVaccination(v.Id, v.VaccineCode, v.VaccineName, v.DoseNumber, v.AdministeredOn, v.NextDueOn)).ToListAsync(ct);
    }

    private async Task<List<SharedDocument>> DocumentsAsync(RecordShare share, IReadOnlyList<int>? ids, CancellationToken ct)
    {
        var creator = await db.Users.IgnoreQueryFilters().AsNoTracking().Where(u => u.Id == share.CreatedById && u.TenantId == share.TenantId)
            .Select(u => new { u.Role, u.PatientId }).FirstOrDefaultAsync(ct);
        if (creator is null)
        {
            return [];
        }
        var rows = db.Set<Document>().AsNoTracking().Where(d => d.PatientId == share.PatientId && d.Status == DocumentStatus.Ready);
        rows = ids is null ? rows : rows.Where(d => ids.Contains(d.Id));
        var list = await rows.OrderByDescending(d => d.CreatedAt).Take(500)
            .Select(d => new { d.Id, d.DocumentType, d.OriginalFilename, d.MimeType, d.FileSize, d.Description, d.CreatedAt, Released = d.ReleasedAt != null })
            .ToListAsync(ct);
        return [.. list.Where(d => DocumentVisibility.MayRead(creator.Role, creator.PatientId, d.DocumentType, share.PatientId, d.Released))
            .Select(d => new SharedDocument(d.Id, Platform.Http.WireName.Of(d.DocumentType), d.OriginalFilename, d.MimeType, d.FileSize, d.Description, d.CreatedAt))];
    }

    private async Task<Dictionary<int, string>> DoctorNamesAsync(int tenantId, IEnumerable<int> ids, CancellationToken ct)
    {
        var distinct = ids.Distinct().ToList();
        // Users' clinic filter is the caller's, and an outsider has none: the clinic is named.
        return await db.Users.IgnoreQueryFilters().AsNoTracking().Where(u => distinct.Contains(u.Id) && u.TenantId == tenantId)
            .ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
    }

    private async Task<DateOnly> TodayAsync(int tenantId, DateTime now, CancellationToken ct)
    {
        var zoneId = await db.Tenants.AsNoTracking().Where(t => t.Id == tenantId).Select(t => t.DefaultTimezone).FirstAsync(ct);
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var found) ? found : TimeZoneInfo.Utc;
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(now, zone));
    }
}
