using KeneyApp.Platform.Data;
using KeneyApp.Platform.Security;

namespace KeneyApp.Domain;

/// <summary>
/// Which documents the caller may see and add: clinical types (lab results, imaging, prescriptions, notes,
/// vaccination records) and administrative ones (insurance, identity, other) are separate permissions, and a patient
/// reaches its own record only (<see cref="PatientVisibility"/>). A document the caller may not read does not exist
/// for it. Here, not in the documents feature, because every feature that lists documents (the timeline, messages'
/// attachments, shares) must apply the same rule.
/// </summary>
public static class DocumentVisibility
{
    public static bool CanRead(this CurrentUser user, DocumentType type) => user.Can(ReadPermission(type));

    /// <summary>
    /// Whether another user, not the caller, may read a document: what the caller's own rule gives that user (its
    /// role's permission for the type; for a patient, its own record only; staff see their clinic's patients).
    /// </summary>
    public static bool MayRead(string role, int? ownPatientId, DocumentType type, int documentPatientId, bool released) =>
        RolePermissions.Has(role, ReadPermission(type))
        && (role == Roles.Patient ? ownPatientId == documentPatientId && released : Roles.IsStaff(role));

    private static Permission ReadPermission(DocumentType type) =>
        Document.IsClinical(type) ? Permission.DocumentsClinicalRead : Permission.DocumentsAdministrativeRead;

    public static bool CanUpload(this CurrentUser user, DocumentType type) =>
        user.Can(Document.IsClinical(type) ? Permission.DocumentsClinicalUpload : Permission.DocumentsAdministrativeUpload);

    /// <summary>Live documents of visible patients, of the types the caller may read; for a patient, those released to it.</summary>
    public static IQueryable<Document> ReadableDocuments(this AppDbContext db, CurrentUser user)
    {
        var types = Enum.GetValues<DocumentType>().Where(user.CanRead).ToList();
        var documents = db.Visible<Document>(user).Where(d => types.Contains(d.DocumentType));
        return user.Role == Roles.Patient ? documents.Where(Document.ReleasedToPatient) : documents;
    }
}
