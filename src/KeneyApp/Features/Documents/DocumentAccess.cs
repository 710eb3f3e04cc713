using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Documents;

/// <summary>
/// Who may see and add which documents: clinical types (lab results, imaging, prescriptions, notes, vaccination
/// records) and administrative ones (insurance, identity, other) are separate permissions, and a patient reaches
/// its own record only (<see cref="PatientVisibility"/>). A document the caller may not read does not exist for it.
/// </summary>
internal static class DocumentAccess
{
    public static bool CanRead(this CurrentUser user, DocumentType type) =>
        user.Can(Document.IsClinical(type) ? Permission.DocumentsClinicalRead : Permission.DocumentsAdministrativeRead);

    public static bool CanUpload(this CurrentUser user, DocumentType type) =>
        user.Can(Document.IsClinical(type) ? Permission.DocumentsClinicalUpload : Permission.DocumentsAdministrativeUpload);

    /// <summary>Live documents of visible patients, of the types the caller may read.</summary>
    public static IQueryable<Document> ReadableDocuments(this AppDbContext db, CurrentUser user)
    {
        var types = Enum.GetValues<DocumentType>().Where(user.CanRead).ToList();
        return db.Visible<Document>(user).Where(d => types.Contains(d.DocumentType));
    }

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
