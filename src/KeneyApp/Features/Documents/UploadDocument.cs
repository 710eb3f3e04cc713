using System.Text.Json;
using KeneyApp.Features.Documents.Dicom;
using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Scanning;
using KeneyApp.Platform.Security;
using KeneyApp.Platform.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace KeneyApp.Features.Documents;

/// <summary>
/// Adds a file to a patient's record. The multipart body is read once, as a stream: the file's bytes are counted,
/// hashed, identified and encrypted into the store as they arrive, whatever the order of the parts. The file
/// becomes visible only once its format, the caller's rights and the duplicate check agree and its row is
/// committed (with its audit entry, and for a lab result the event that will notify the patient); any failure
/// deletes what was stored.
/// </summary>
internal sealed class UploadDocument(AppDbContext db, CurrentUser user, DocumentFiles files, DocumentReader reader, AuditLog audit,
    DocumentMetrics metrics, ClamAvScanner scanner, Platform.Crypto.FieldEncryptor encryptor, TimeProvider clock, IOptions<DocumentsOptions> options, ILogger<UploadDocument> logger,
    Platform.Jobs.OutboxSignal outbox)
{
    // Room for the form fields and the part headers around the file, within the request's size limit.
    private const long FormOverhead = 64 * 1024;
    private const int MaxFieldLength = 4000;

    // A handler serves one request: the preview stored for it, deleted with the file if the upload fails.
    private string? _previewKey;

    /// <summary>The parts of the body once read: the form fields, and the file, encrypted but not yet kept.</summary>
    private sealed record Received(Dictionary<string, string> Fields, DocumentFiles.NewFile? File, ReceivedFile? Content, string? FileName,
        string? DeclaredType, ScanSession? Scan);

    public async Task<Outcome<DocumentResponse>> HandleAsync(HttpRequest request, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
        {
            return new Problem(415, "Unsupported media type", "Send the document as multipart/form-data, the file in a part named file.");
        }
        var limit = options.Value.MaxSize;
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = limit + FormOverhead; // this endpoint only: others keep the server's default
        }
        var received = await ReceiveAsync(request.Body, boundary, limit, ct);
        if (received.Problem is { } unreadable)
        {
            return unreadable;
        }
        var body = received.Value!;
        var kept = false;
        try
        {
            var outcome = await KeepAsync(body, ct);
            kept = outcome.IsSuccess;
            return outcome;
        }
        finally
        {
            if (body.Scan is { } scan)
            {
                await scan.DisposeAsync();
            }
            if (body.File is { } file)
            {
                await file.DisposeAsync(); // an uncommitted write leaves nothing
                if (!kept)
                {
                    await files.DeleteAsync(file.StorageKey, CancellationToken.None);
                    if (_previewKey is not null)
                    {
                        await files.DeleteAsync(_previewKey, CancellationToken.None);
                    }
                    await ReleaseClaimsAsync(file.StorageKey);
                }
            }
        }
    }

    /// <summary>Best effort once the files are gone: a claim left behind only keeps the sweep away from its key for a day.</summary>
    private async Task ReleaseClaimsAsync(string storageKey)
    {
        try
        {
            db.ChangeTracker.Clear();
            await UploadClaims.ReleaseAsync(db, [storageKey, _previewKey], CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning("The upload claims of a failed upload stay until they are stale: {ExceptionType}", e.GetType().Name);
        }
    }

    private async Task<Outcome<Received>> ReceiveAsync(Stream body, string boundary, long limit, CancellationToken ct)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        DocumentFiles.NewFile? file = null;
        ReceivedFile? content = null;
        ScanSession? scan = null;
        string? fileName = null, declaredType = null;
        Problem? problem = null;
        try
        {
            var multipart = new MultipartReader(boundary, body) { BodyLengthLimit = null };
            while (problem is null && await multipart.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    problem = Problem.Invalid("body", "Each part needs a Content-Disposition: form-data header.");
                    break;
                }
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                if (disposition.IsFileDisposition())
                {
                    if (name != "file" || file is not null)
                    {
                        problem = Problem.Invalid(name == "file" ? "file" : name, "Send one file, in the part named file.");
                        break;
                    }
                    fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                    declaredType = section.ContentType;
                    scan = scanner.IsConfigured ? await scanner.StartAsync(ct) : null;
                    file = await files.CreateAsync(user.TenantId!.Value, ct);
                    await UploadClaims.ClaimAsync(db, file.StorageKey, clock, ct);
                    content = new ReceivedFile();
                    await content.ReadAsync(section.Body, file.Plaintext, scan, limit, ct);
                    problem = content.TooLarge ? TooLarge(limit) : null;
                }
                else if (!UploadForm.Fields.Contains(name))
                {
                    problem = Problem.Invalid(name, "Unknown field.");
                }
                else
                {
                    var value = await ReadFieldAsync(section, ct);
                    problem = value.Length > MaxFieldLength ? Problem.Invalid(name, $"At most {MaxFieldLength} characters.")
                        : !fields.TryAdd(name, value) ? Problem.Invalid(name, "Sent twice.")
                        : null;
                }
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            problem = TooLarge(limit);
        }
        catch (ScannerUnavailableException e)
        {
            logger.LogError("Upload refused: {Reason}", e.Message);
            problem = ScannerDown();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or BadHttpRequestException)
        {
            problem = Problem.Invalid("body", "The multipart body could not be read (cut short or malformed).");
        }
        catch
        {
            // The client left, or something unforeseen: the partial file, its cipher and the scanner's connection go now.
            if (scan is not null)
            {
                await scan.DisposeAsync();
            }
            if (file is not null)
            {
                await file.DisposeAsync();
                await ReleaseClaimsAsync(file.StorageKey);
            }
            throw;
        }
        if (problem is not null)
        {
            if (scan is not null)
            {
                await scan.DisposeAsync();
            }
            if (file is not null)
            {
                await file.DisposeAsync(); // never committed: its partial file goes with it
                await ReleaseClaimsAsync(file.StorageKey);
            }
            return problem;
        }
        return new Received(fields, file, content, fileName, declaredType, scan);
    }

    private async Task<Outcome<DocumentResponse>> KeepAsync(Received body, CancellationToken ct)
    {
        if (body.Scan is { } scan && await InfectedAsync(scan, ct) is { } refused)
        {
            return refused;
        }
        var parsed = UploadForm.Parse(body.Fields);
        if (parsed.Problem is { } invalid)
        {
            return invalid;
        }
        var form = parsed.Value!;
        if (body.File is not { } file || body.Content is not { } content)
        {
            return Problem.Invalid("file", "Required: the document, in a part named file.");
        }
        if (!user.CanUpload(form.DocumentType))
        {
            return Problem.Forbidden($"Your role may not add {WireName.Of(form.DocumentType)} documents.");
        }
        if (!await db.CanSeePatientAsync(user, form.PatientId, ct))
        {
            return Problem.NotFound("patient");
        }
        var links = new Validation();
        await db.CheckLinksAsync(user, form.PatientId, form.AppointmentId, form.PrescriptionId, links, ct);
        if (!links.IsValid)
        {
            return links.ToProblem();
        }
        if (content.Size == 0)
        {
            return Problem.Invalid("file", "The file is empty.");
        }
        var name = ReceivedFile.DisplayName(body.FileName);
        var format = FormatDetection.FromHead(content.Head);
        if (format == DocumentFormat.Txt && !content.IsText)
        {
            return Unsupported("The file is not a PDF, JPEG, PNG, DICOM, DOCX or plain-text (UTF-8) document.");
        }
        if (FormatDetection.Contradiction(format, body.DeclaredType, name) is { } contradiction)
        {
            return Unsupported(contradiction);
        }
        if (await DuplicateAsync(form.PatientId, content.Checksum, ct) is { } duplicate)
        {
            return duplicate;
        }
        await file.CommitAsync(ct);
        var (notDocx, extracted, preview) = await InspectAsync(file, format, ct);
        if (notDocx is not null)
        {
            return Unsupported(notDocx);
        }
        if (preview is not null)
        {
            _previewKey = BlobKeys.New();
            await UploadClaims.ClaimAsync(db, _previewKey, clock, ct);
            await files.StorePreviewAsync(user.TenantId!.Value, file, preview, _previewKey, ct);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var released = await LabResultRelease.ReleasedAtUploadAsync(db, user, form.DocumentType, ct);
        var document = new Document
        {
            ReleasedAt = released ? now : null,
            ReleasedById = released ? user.Id : null,
            TenantId = user.TenantId!.Value,
            PatientId = form.PatientId,
            UploadedById = user.Id,
            AppointmentId = form.AppointmentId,
            PrescriptionId = form.PrescriptionId,
            OriginalFilename = name,
            DocumentType = form.DocumentType,
            DocumentFormat = format,
            MimeType = FormatDetection.MimeType(format),
            FileSize = content.Size,
            Checksum = content.Checksum,
            Status = DocumentStatus.Ready,
            ExtractedMetadataEncrypted = encryptor.EncryptOrNull(user.TenantId!.Value, DocumentReader.MetadataPurpose, extracted.MetadataJson),
            OcrTextEncrypted = encryptor.EncryptOrNull(user.TenantId!.Value, DocumentReader.OcrPurpose, extracted.Text),
            ProcessingError = extracted.Error,
            Description = form.Description,
            Tags = JsonSerializer.Serialize(form.Tags),
            IsSensitive = form.IsSensitive,
            StorageKey = file.StorageKey,
            PreviewStorageKey = _previewKey,
            StoredSize = file.SealedLength,
            EncryptionKeyId = file.EncryptionKeyId,
            WrappedFileKey = file.WrappedFileKey,
            CreatedAt = now,
            UpdatedAt = now,
        };
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.Add(document);
            await db.SaveChangesAsync(ct);
            if (document.DocumentType == DocumentType.LabResult && released)
            {
                LabResultRelease.AddEvent(db, document, now);
                await db.SaveChangesAsync(ct);
            }
            await audit.RecordAsync(AuditActions.Create, "document", document.Id,
                details: $"patient_id={document.PatientId} type={WireName.Of(document.DocumentType)} format={WireName.Of(format)} size={content.Size}", ct: ct);
            await UploadClaims.ReleaseAsync(db, [file.StorageKey, _previewKey], ct);
            // Not the request's token: a client leaving during the commit must not leave a row whose file was deleted.
            await tx.CommitAsync(CancellationToken.None);
            outbox.Ring();
        }
        catch (DbUpdateException)
        {
            // The same file sent twice at once: the unique index let one in.
            db.ChangeTracker.Clear();
            if (await DuplicateAsync(form.PatientId, content.Checksum, CancellationToken.None) is { } raced)
            {
                return raced;
            }
            throw;
        }
        metrics.Uploaded();
        logger.LogInformation("Document {DocumentId} stored for patient {PatientId} ({Format}, {Size} bytes)", document.Id, document.PatientId,
            format, content.Size);
        return reader.Read(document);
    }

    /// <summary>
    /// Reads the stored file back, through one decrypting stream: a ZIP must be a Word document within limits; then
    /// what the file says about itself, and for an image its preview (none when Skia cannot decode it within limits).
    /// </summary>
    private async Task<(string? NotDocx, ContentExtraction.Extracted Extracted, byte[]? Preview)> InspectAsync(DocumentFiles.NewFile file,
        DocumentFormat format, CancellationToken ct)
    {
        await using var stored = await files.OpenAsync(user.TenantId!.Value, file.StorageKey, file.EncryptionKeyId, file.WrappedFileKey, ct)
            ?? throw new InvalidOperationException("A file just stored is missing.");
        if (format == DocumentFormat.Docx && await DocxCheck.ProblemAsync(stored, ct) is { } problem)
        {
            return (problem, new ContentExtraction.Extracted(null, null, null), null);
        }
        stored.Position = 0;
        // The parsers read synchronously: off the request's thread.
        var extracted = await Task.Run(() => ContentExtraction.From(format, stored), ct);
        if (format is not (DocumentFormat.Jpeg or DocumentFormat.Png or DocumentFormat.Dicom))
        {
            return (null, extracted, null);
        }
        stored.Position = 0;
        try
        {
            return (null, extracted, await Task.Run(() => format == DocumentFormat.Dicom ? DicomPreview.From(stored) : PreviewImage.From(stored), ct));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("No preview for an uploaded image: {ExceptionType}", e.GetType().Name);
            return (null, extracted, null);
        }
    }

    /// <summary>
    /// 409 when the patient's record already holds this file; its id only if the caller may read that document (a
    /// receptionist must not learn that a lab result exists, let alone its id).
    /// </summary>
    private async Task<Problem?> DuplicateAsync(int patientId, string checksum, CancellationToken ct)
    {
        var existing = await db.Set<Document>().AsNoTracking().Where(d => d.PatientId == patientId && d.Checksum == checksum)
            .Select(d => new { d.Id, d.DocumentType }).FirstOrDefaultAsync(ct);
        if (existing is null)
        {
            return null;
        }
        return user.CanRead(existing.DocumentType)
            ? Problem.Conflict("This file is already in the patient's record.", new Dictionary<string, object?> { ["existing_document_id"] = existing.Id })
            : Problem.Conflict("This file is already in the patient's record.");
    }

    private static Problem Unsupported(string detail) => new(415, "Unsupported media type", detail);

    /// <summary>The scanner's verdict: null when clean; 422 when infected (nothing is kept); 503 when it cannot say.</summary>
    private async Task<Problem?> InfectedAsync(ScanSession scan, CancellationToken ct)
    {
        ScanResult result;
        try
        {
            result = await scan.VerdictAsync(ct);
        }
        catch (ScannerUnavailableException e)
        {
            logger.LogError("Upload refused: {Reason}", e.Message);
            return ScannerDown();
        }
        if (result.Verdict == ScanVerdict.Clean)
        {
            return null;
        }
        if (result.Verdict == ScanVerdict.TooLarge)
        {
            logger.LogError("Upload refused: the file is larger than the virus scanner's StreamMaxLength; raise it to MAX_DOCUMENT_SIZE");
            return new Problem(413, "Payload too large", "The file is larger than the virus scanner accepts: it was not stored.");
        }
        logger.LogWarning("Upload refused: the virus scanner found {Signature}", result.Signature);
        await audit.RecordAsync(AuditActions.Create, "document", null, AuditOutcomes.Failure, details: "infected", ct: ct);
        return new Problem(422, "Infected file", "The virus scanner found a threat in this file: it was not stored.",
            Extensions: new Dictionary<string, object?> { ["document_status"] = "failed", ["processing_error"] = "infected" });
    }

    private static Problem ScannerDown() =>
        new(503, "Service unavailable", "The virus scanner cannot be reached, so the document was not stored. Try again in a moment.");

    private static Problem TooLarge(long limit) =>
        new(413, "Payload too large", $"A document may be at most {limit} bytes ({limit / (1024 * 1024)} MiB).");

    private static async Task<string> ReadFieldAsync(MultipartSection section, CancellationToken ct)
    {
        using var text = new StreamReader(section.Body, System.Text.Encoding.UTF8);
        var buffer = new char[MaxFieldLength + 1];
        var length = await text.ReadBlockAsync(buffer, ct);
        return new string(buffer, 0, length);
    }
}
