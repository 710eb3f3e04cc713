using System.Text.Json;
using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Documents;

/// <summary>
/// Changes a document's description, tags, type, links or sensitivity; its file never changes. A new type must
/// be one the caller may add (a receptionist cannot turn an insurance card into a lab result).
/// </summary>
internal sealed class UpdateDocument(AppDbContext db, CurrentUser user, DocumentReader reader, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<DocumentResponse>> HandleAsync(int id, UpdateDocumentRequest request, CancellationToken ct)
    {
        var document = await db.ReadableDocuments(user).FirstOrDefaultAsync(d => d.Id == id, ct);
        if (document is null)
        {
            return Problem.NotFound("document");
        }
        if (!DocumentEditing.MayChange(user, document) || (request.DocumentType is { } newType && !user.CanUpload(newType)))
        {
            return Problem.Forbidden("Your role may not change this document so.");
        }
        var errors = new Validation()
            .Optional(request.Description, "description", UploadForm.MaxDescription);
        var tags = request.Tags is null ? null : UploadForm.ParseTags(JsonSerializer.Serialize(request.Tags), errors);
        await db.CheckLinksAsync(user, document.PatientId, request.AppointmentId, request.PrescriptionId, errors, ct);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }
        document.Description = request.Description is null ? document.Description : request.Description.Trim() is { Length: > 0 } d ? d : null;
        document.Tags = tags is null ? document.Tags : JsonSerializer.Serialize(tags);
        document.DocumentType = request.DocumentType ?? document.DocumentType;
        document.AppointmentId = request.AppointmentId ?? document.AppointmentId;
        document.PrescriptionId = request.PrescriptionId ?? document.PrescriptionId;
        document.IsSensitive = request.IsSensitive ?? document.IsSensitive;
        document.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(AuditActions.Update, "document", id, details: $"type={WireName.Of(document.DocumentType)}", ct: ct);
        await tx.CommitAsync(ct);
        return reader.Read(document);
    }
}
