using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Documents;

/// <summary>
/// Archives a document: it disappears from the record at once; its file is purged after the retention period.
/// Doctors and admins may archive any document they can read; a patient, the documents it uploaded itself.
/// </summary>
internal sealed class DeleteDocument(AppDbContext db, CurrentUser user, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<bool>> HandleAsync(int id, CancellationToken ct)
    {
        var document = await db.ReadableDocuments(user).FirstOrDefaultAsync(d => d.Id == id, ct);
        if (document is null)
        {
            return Problem.NotFound("document");
        }
        if (!DocumentEditing.MayChange(user, document))
        {
            return Problem.Forbidden("Your role may not archive this document.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        document.DeletedAt = now;
        document.UpdatedAt = now;
        document.Status = DocumentStatus.Archived;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(AuditActions.Delete, "document", id, ct: ct);
        await tx.CommitAsync(ct);
        return true;
    }
}

/// <summary>Who may change a document's metadata or archive it (SECURITY.md: doctors and admins; a patient its own uploads).</summary>
internal static class DocumentEditing
{
    public static bool MayChange(CurrentUser user, Document document) => MayChange(user, document.UploadedById);

    /// <summary>The same rule, for a page that shows the edit buttons only to those the handlers will let through.</summary>
    public static bool MayChange(CurrentUser user, int uploadedById) =>
        user.Can(Permission.DocumentsManage) || (user.Role == Roles.Patient && uploadedById == user.Id);
}
