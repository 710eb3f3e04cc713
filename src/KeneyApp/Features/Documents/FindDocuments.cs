using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Documents;

/// <summary>A document's metadata, and a patient's documents (newest first, of the types the caller may read). Reads are audited.</summary>
internal sealed class FindDocuments(AppDbContext db, CurrentUser user, DocumentReader reader, AuditLog audit)
{
    public async Task<Outcome<DocumentResponse>> GetAsync(int id, CancellationToken ct)
    {
        var document = await db.ReadableDocuments(user).AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct);
        if (document is null)
        {
            return Problem.NotFound("document");
        }
        await audit.RecordAsync(AuditActions.Read, "document", id, ct: ct);
        return reader.Read(document);
    }

    public async Task<Outcome<(IReadOnlyList<DocumentResponse> Items, int Total)>> ListAsync(int patientId, string? type, Paging paging, CancellationToken ct)
    {
        if (!await db.CanSeePatientAsync(user, patientId, ct))
        {
            return Problem.NotFound("patient");
        }
        var documents = db.ReadableDocuments(user).AsNoTracking().Where(d => d.PatientId == patientId);
        if (type is not null)
        {
            var errors = new Validation();
            var documentType = UploadForm.Type(type, "document_type", errors);
            if (!errors.IsValid)
            {
                return errors.ToProblem();
            }
            documents = documents.Where(d => d.DocumentType == documentType);
        }
        var total = await documents.CountAsync(ct);
        var page = await documents.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Skip(paging.Offset).Take(paging.Count).ToListAsync(ct);
        await audit.RecordPageReadAsync("document", page.Select(d => d.Id), ct);
        return (page.Select(reader.Read).ToList(), total);
    }

    /// <summary>The newest documents the caller may read, all patients together (the home page's "recent documents").</summary>
    public async Task<IReadOnlyList<DocumentResponse>> RecentAsync(int count, CancellationToken ct)
    {
        var page = await db.ReadableDocuments(user).AsNoTracking().OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .Take(count).ToListAsync(ct);
        await audit.RecordPageReadAsync("document", page.Select(d => d.Id), ct);
        return page.Select(reader.Read).ToList();
    }
}
