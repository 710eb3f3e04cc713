using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Documents;

/// <summary>Rules of the documents feature's own: links to the patient's appointments and prescriptions.</summary>
internal static class DocumentAccess
{
    /// <summary>A document may be linked only to an appointment or a prescription of its own patient.</summary>
    public static async Task CheckLinksAsync(this AppDbContext db, CurrentUser user, int patientId, int? appointmentId, int? prescriptionId,
        Validation errors, CancellationToken ct)
    {
        if (appointmentId is { } appointment)
        {
            errors.Check(await db.Visible<Appointment>(user).AnyAsync(a => a.Id == appointment && a.PatientId == patientId, ct),
                "appointment_id", "No appointment of this patient has this id.");
        }
        if (prescriptionId is { } prescription)
        {
            errors.Check(await db.Visible<Prescription>(user).AnyAsync(p => p.Id == prescription && p.PatientId == patientId, ct),
                "prescription_id", "No prescription of this patient has this id.");
        }
    }
}
