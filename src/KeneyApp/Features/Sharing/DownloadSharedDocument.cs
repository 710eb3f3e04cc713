using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Storage;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Sharing;

/// <summary>
/// A shared document, with the <c>document_access_token</c> of an opening: the token must be genuine and unexpired,
/// its share still alive (not revoked, locked or expired: revocation ends the token at once) and holding the same
/// link, and the document within the share's scope. Anything else is the same 404 as a document that does not exist.
/// </summary>
internal sealed class DownloadSharedDocument(AppDbContext db, TenantScope tenant, DocumentAccessTokens tokens, SharedRecords records, DocumentFiles files,
    AuditLog audit, TimeProvider clock)
{
    public sealed record Download(Stream Content, string MimeType, string FileName);

    public async Task<Outcome<Download>> HandleAsync(string? bearer, int documentId, CancellationToken ct)
    {
        if (bearer is null || tokens.Read(bearer) is not { } claim)
        {
            return Problem.Unauthorized("A document_access_token from a share's opening is required (Authorization: Bearer).");
        }
        tenant.Use(claim.TenantId);
        var now = clock.GetUtcNow().UtcDateTime;
        // As at the opening: a suspended clinic's or an archived patient's shares open nothing, issued tokens included.
        var share = await db.Set<RecordShare>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == claim.ShareId
            && db.Tenants.Any(t => t.Id == s.TenantId && t.IsActive) && db.Set<Patient>().Any(p => p.Id == s.PatientId), ct);
        var alive = share is not null && share.TokenHash == claim.TokenHash && share.ExpiresAt > now
            && share.Status is ShareStatuses.Active or ShareStatuses.Used;
        if (!alive || !await records.OpensDocumentAsync(share!, documentId, ct))
        {
            await audit.RecordForAsync(null, null, claim.TenantId, AuditActions.Download, "document", documentId, AuditOutcomes.Denied,
                details: $"share_id={claim.ShareId}", ct: ct);
            return Problem.NotFound("document");
        }
        var document = await db.Set<Document>().AsNoTracking().FirstAsync(d => d.Id == documentId, ct);
        var content = await files.OpenAsync(document, ct);
        if (content is null)
        {
            return Problem.NotFound("document");
        }
        await audit.RecordForAsync(null, null, claim.TenantId, AuditActions.Download, "document", documentId,
            details: $"share_id={claim.ShareId},patient_id={document.PatientId}", ct: ct);
        return new Download(content, document.MimeType, document.OriginalFilename);
    }
}
