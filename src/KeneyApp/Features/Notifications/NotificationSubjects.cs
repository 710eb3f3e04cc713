using KeneyApp.Platform.Crypto;
using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Notifications;

/// <summary>
/// What a notification is about, read when it is sent: null when the notification no longer applies (the
/// appointment was cancelled or moved, the message was read or deleted), so it is cancelled instead of sent.
/// </summary>
internal static class NotificationSubjects
{
    public static async Task<NotificationFacts?> FactsAsync(AppDbContext db, FieldEncryptor encryptor, Notification notification, Tenant clinic,
        TimeZoneInfo zone, string baseUrl, DateTime now, CancellationToken ct)
    {
        var id = notification.SubjectId ?? 0;
        switch (notification.Type)
        {
            case NotificationTypes.AppointmentReminder:
                var appointment = await db.Set<Appointment>().AsNoTracking().Where(a => a.Id == id)
                    .Select(a => new { a.AppointmentDate, a.Status, a.DoctorId }).FirstOrDefaultAsync(ct);
                if (appointment is null || !Appointment.BlocksSchedule(appointment.Status) || appointment.AppointmentDate != notification.SubjectAt
                    || appointment.AppointmentDate <= now)
                {
                    return null;
                }
                var doctor = await db.Users.AsNoTracking().Where(u => u.Id == appointment.DoctorId).Select(u => u.FullName).FirstOrDefaultAsync(ct);
                return new NotificationFacts(clinic.Name, baseUrl + "/", TimeZoneInfo.ConvertTimeFromUtc(appointment.AppointmentDate, zone), doctor);
            case NotificationTypes.NewMessage:
                var message = await db.Set<Message>().AsNoTracking().Where(m => m.Id == id)
                    .Select(m => new { m.Status, m.IsUrgent, m.DeletedByReceiver }).FirstOrDefaultAsync(ct);
                return message is null || message.Status == MessageStatus.Read || message.DeletedByReceiver
                    ? null
                    : new NotificationFacts(clinic.Name, $"{baseUrl}/messages", Urgent: message.IsUrgent);
            case NotificationTypes.PrescriptionRenewal:
                var prescription = await db.Set<Prescription>().AsNoTracking().Where(p => p.Id == id)
                    .Select(p => new { p.EndDate, p.CancelledAt }).FirstOrDefaultAsync(ct);
                var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(now, zone));
                return prescription is null || prescription.CancelledAt is not null || !SameDay(prescription.EndDate, notification.SubjectAt)
                    || prescription.EndDate < today
                    ? null
                    : new NotificationFacts(clinic.Name, $"{baseUrl}/my-record", prescription.EndDate.ToDateTime(TimeOnly.MinValue));
            case NotificationTypes.VaccinationReminder:
                var vaccination = await db.Set<Vaccination>().AsNoTracking().Where(v => v.Id == id)
                    .Select(v => new { v.NextDueOn, v.VaccineCode, v.PatientId, v.AdministeredOn }).FirstOrDefaultAsync(ct);
                // A dose of the same vaccine recorded since makes the reminder moot.
                var later = vaccination is not null && await db.Set<Vaccination>().AnyAsync(v => v.PatientId == vaccination.PatientId
                    && v.VaccineCode == vaccination.VaccineCode && v.AdministeredOn > vaccination.AdministeredOn, ct);
                return vaccination?.NextDueOn is not { } dueOn || later || !SameDay(dueOn, notification.SubjectAt)
                    ? null
                    : new NotificationFacts(clinic.Name, $"{baseUrl}/my-record", dueOn.ToDateTime(TimeOnly.MinValue));
            case NotificationTypes.LabResultAvailable:
                var released = await db.Set<Document>().AsNoTracking().AnyAsync(d => d.Id == id && d.ReleasedAt != null, ct);
                return released ? new NotificationFacts(clinic.Name, $"{baseUrl}/my-record") : null;
            case NotificationTypes.ShareOpened or NotificationTypes.ShareLocked:
                // Told even if the share ended since: it says what happened, and the page shows what remains.
                var recipientName = await db.Set<RecordShare>().AsNoTracking().Where(s => s.Id == id).Select(s => s.RecipientNameEncrypted).FirstOrDefaultAsync(ct);
                var at = notification.SubjectAt ?? notification.CreatedAt;
                return new NotificationFacts(clinic.Name, $"{baseUrl}/shares", TimeZoneInfo.ConvertTimeFromUtc(at, zone),
                    encryptor.DecryptOrNull(notification.TenantId, ShareFields.RecipientName, recipientName));
            default:
                return null;
        }
    }

    private static bool SameDay(DateOnly day, DateTime? planned) => planned is { } at && DateOnly.FromDateTime(at) == day;
}
