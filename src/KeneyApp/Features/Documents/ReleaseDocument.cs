using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Jobs;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Documents;

/// <summary>
/// A doctor releases a reviewed document to its patient: from then on the patient sees it, and for a lab result the
/// patient is told (once; <see cref="NotifyLabResult"/> tells again). Releasing twice is a conflict, not a second notice.
/// </summary>
internal sealed class ReleaseDocument(AppDbContext db, CurrentUser user, DocumentReader reader, AuditLog audit, OutboxSignal outbox, TimeProvider clock)
{
    public async Task<Outcome<DocumentResponse>> HandleAsync(int id, CancellationToken ct)
    {
        var document = await db.ReadableDocuments(user).FirstOrDefaultAsync(d => d.Id == id, ct);
        if (document is null)
        {
            return Problem.NotFound("document");
        }
        if (document.ReleasedAt is not null)
        {
            return Problem.Conflict("The document is already released to the patient.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        document.ReleasedAt = now;
        document.ReleasedById = user.Id;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        if (document.DocumentType == DocumentType.LabResult)
        {
            LabResultRelease.AddEvent(db, document, now);
            await db.SaveChangesAsync(ct);
        }
        await audit.RecordAsync("release", "document", id, details: $"patient_id={document.PatientId}", ct: ct);
        await tx.CommitAsync(CancellationToken.None);
        outbox.Ring();
        return reader.Read(document);
    }
}

/// <summary>A doctor or a nurse tells the patient again that a released lab result waits (a new notice each time).</summary>
internal sealed class NotifyLabResult(AppDbContext db, CurrentUser user, AuditLog audit, OutboxSignal outbox, TimeProvider clock)
{
    public async Task<Outcome<bool>> HandleAsync(int id, CancellationToken ct)
    {
        var document = await db.ReadableDocuments(user).FirstOrDefaultAsync(d => d.Id == id, ct);
        if (document is null)
        {
            return Problem.NotFound("document");
        }
        if (document.DocumentType != DocumentType.LabResult || document.ReleasedAt is null)
        {
            return Problem.Conflict("Only a lab result released to the patient can be notified.");
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        LabResultRelease.AddEvent(db, document, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync("notify", "document", id, details: $"patient_id={document.PatientId}", ct: ct);
        await tx.CommitAsync(CancellationToken.None);
        outbox.Ring();
        return true;
    }
}
