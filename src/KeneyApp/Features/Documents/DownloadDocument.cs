using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Crypto;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using KeneyApp.Platform.Storage;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Documents;

/// <summary>
/// A document's original bytes, or its preview image, decrypted as they stream out (a range reads only its
/// segments). Each is audited, with the client's address, before the first byte leaves.
/// </summary>
internal sealed class DownloadDocument(AppDbContext db, CurrentUser user, DocumentFiles files, AuditLog audit, DocumentMetrics metrics,
    ILogger<DownloadDocument> logger)
{
    public sealed record Download(Document Document, SegmentDecryptingStream Content);

    public Task<Outcome<Download>> HandleAsync(int id, CancellationToken ct) => OpenAsync(id, preview: false, ct);

    /// <summary>The document's preview image (images and uncompressed monochrome DICOM): 404 when it has none.</summary>
    public Task<Outcome<Download>> PreviewAsync(int id, CancellationToken ct) => OpenAsync(id, preview: true, ct);

    private async Task<Outcome<Download>> OpenAsync(int id, bool preview, CancellationToken ct)
    {
        var document = await db.ReadableDocuments(user).AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct);
        if (document is null)
        {
            return Problem.NotFound("document");
        }
        if (preview && document.PreviewStorageKey is null)
        {
            return Problem.NotFound("preview");
        }
        SegmentDecryptingStream? content;
        try
        {
            content = preview ? await files.OpenPreviewAsync(document, ct) : await files.OpenAsync(document, ct);
        }
        catch (DecryptionFailedException)
        {
            logger.LogError("Document {DocumentId}: the stored file does not decrypt", id);
            throw;
        }
        if (content is null)
        {
            logger.LogError("Document {DocumentId}: the stored file is missing", id);
            return new Problem(500, "Stored file missing", "The document's file could not be found. The clinic's administrator has been told in the log.");
        }
        try
        {
            await audit.RecordAsync(preview ? AuditActions.Preview : AuditActions.Download, "document", id, ct: ct);
        }
        catch
        {
            await content.DisposeAsync(); // no audit entry, no bytes: and the file is closed now
            throw;
        }
        if (!preview)
        {
            metrics.Downloaded();
        }
        return new Download(document, content);
    }
}
