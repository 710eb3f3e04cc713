using KeneyApp.Features.Documents.Ui;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.OpenApi;
using KeneyApp.Platform.Security;
using KeneyApp.Platform.Storage;
using KeneyApp.Platform.Ui;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace KeneyApp.Features.Documents;

public static class DocumentsEndpoints
{
    public const string UploadLimit = "documents-upload";
    public const string DownloadLimit = "documents-download";
    public const string ReadLimit = "documents-read";
    public const string WriteLimit = "documents-write";

    private const string TypesNote = "Clinical types (lab_result, imaging, prescription, consultation_note, vaccination_record) " +
        "also need documents_clinical_read (or _upload); a document of a type the caller may not read answers 404.";

    public static IServiceCollection AddDocuments(this IServiceCollection services)
    {
        RateLimits.Define(UploadLimit, 20, TimeSpan.FromMinutes(1));
        RateLimits.Define(DownloadLimit, 30, TimeSpan.FromMinutes(1));
        RateLimits.Define(ReadLimit, 60, TimeSpan.FromMinutes(1));
        RateLimits.Define(WriteLimit, 30, TimeSpan.FromMinutes(1));
        services.AddOptions<Platform.Scanning.ClamAvOptions>().BindConfiguration(Platform.Scanning.ClamAvOptions.Section);
        services.AddOptions<DocumentsOptions>().BindConfiguration(DocumentsOptions.Section)
            .Validate(o => o.MaxSize > 0, "Documents:MaxSize (MAX_DOCUMENT_SIZE) must be a positive number of bytes.")
            .Validate(o => o.OrphanGraceMinutes >= 10, "Documents:OrphanGraceMinutes must be at least 10: a shorter grace could sweep an upload in progress.")
            .Validate(o => o.RetentionDays >= 0, "Documents:RetentionDays cannot be negative.")
            .ValidateOnStart();
        return services.AddBlobStore(UploadFolder)
            .AddSingleton<DocumentFiles>().AddScoped<DocumentReader>()
            .AddSingleton<Platform.Scanning.ClamAvScanner>()
            .AddSingleton<DocumentMetrics>().AddSingleton<DocumentHousekeeping>().AddHostedService(sp => sp.GetRequiredService<DocumentHousekeeping>())
            .AddScoped<UploadDocument>().AddScoped<FindDocuments>().AddScoped<DownloadDocument>().AddScoped<UpdateDocument>()
            .AddScoped<DeleteDocument>().AddScoped<DocumentStats>().AddScoped<ReleaseDocument>().AddScoped<NotifyLabResult>()
            .AddHomePanel<Ui.RecentDocumentsPanel>(30, PermissionPolicies.Name(Permission.DocumentsAdministrativeRead))
            .AddChartTab<Ui.DocumentsTab>("Chart.Documents", 40, PermissionPolicies.Name(Permission.DocumentsAdministrativeRead));
    }

    /// <summary>A decrypted file as the answer, never cached; or the handler's problem.</summary>
    private static IResult Streamed(Outcome<DownloadDocument.Download> outcome, HttpResponse response, Func<DownloadDocument.Download, IResult> answer)
    {
        if (outcome.Value is not { } download)
        {
            return outcome.Problem!.ToHttp();
        }
        response.Headers.CacheControl = "no-store";
        return answer(download);
    }

    private static string UploadFolder(IServiceProvider services)
    {
        var configured = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DocumentsOptions>>().Value.UploadDir;
        var folder = configured is { Length: > 0 } ? configured : services.GetRequiredService<Platform.Configuration.DataDirectory>().Sub("documents");
        Directory.CreateDirectory(folder);
        return folder;
    }

    public static void MapDocuments(this IEndpointRouteBuilder routes)
    {
        routes.MapDocumentFiles();
        var documents = routes.MapGroup("/api/v1/documents").WithTags("Documents")
            .RequireAuthorization()
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(429);

        documents.MapPost("/upload", async (HttpRequest request, UploadDocument handler, CancellationToken ct) =>
                (await handler.HandleAsync(request, ct)).ToHttp(d => TypedResults.Created($"/api/v1/documents/{d.Id}", d)))
            .RequirePermission(Permission.DocumentsAdministrativeUpload).RequireRateLimiting(UploadLimit)
            .DisableAntiforgery()
            .WithName("uploadDocument").WithSummary("Add a file to a patient's record (multipart: file, patient_id, document_type…); 20 per minute")
            .WithDescription("multipart/form-data parts: `file` (PDF, JPEG, PNG, DICOM, DOCX or UTF-8 text; the format is read from the bytes, " +
                "and the part's type and the file's extension must agree with it), `patient_id`, `document_type`, and optionally `description`, " +
                "`tags` (JSON array or comma list), `appointment_id`, `prescription_id`, `is_sensitive` (default true). Larger than " +
                "MAX_DOCUMENT_SIZE: 413; another format or a contradiction: 415; the same file already in the patient's record: 409 with " +
                "existing_document_id; with CLAMAV_HOST set, an infected file: 422 (processing_error infected), the scanner unreachable: 503. " + TypesNote)
            .WithMetadata(new MultipartForm([
                new("file", "The document: PDF, JPEG, PNG, DICOM, DOCX or UTF-8 text.", Required: true, IsFile: true),
                new("patient_id", "The patient's id.", Required: true, IsInteger: true),
                new("document_type", "lab_result, imaging, prescription, consultation_note, vaccination_record, insurance, id_document or other.", Required: true),
                new("description", "Up to 1,000 characters."),
                new("tags", "A JSON array of strings, or a comma-separated list (at most 20, of 50 characters)."),
                new("appointment_id", "An appointment of the patient.", IsInteger: true),
                new("prescription_id", "A prescription of the patient.", IsInteger: true),
                new("is_sensitive", "true (default) or false."),
            ]))
            .Produces<DocumentResponse>(201).ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).ProducesProblem(413).ProducesProblem(415).ProducesProblem(422).ProducesProblem(503);
        documents.MapGet("/patient/{patientId:int}", async (int patientId, [AsParameters] Paging paging,
                [FromQuery(Name = "document_type")] string? documentType, FindDocuments handler, HttpResponse response, CancellationToken ct) =>
            {
                if (paging.Validate() is { } invalid)
                {
                    return invalid.ToHttp();
                }
                return (await handler.ListAsync(patientId, documentType, paging, ct)).ToHttp(page => Paging.Page(response, page.Items, page.Total));
            })
            .RequirePermission(Permission.DocumentsAdministrativeRead).RequireRateLimiting(ReadLimit)
            .WithName("listPatientDocuments").WithSummary("A patient's documents, newest first").WithDescription(TypesNote)
            .Produces<IReadOnlyList<DocumentResponse>>().ProducesProblem(400).ProducesProblem(404);
        documents.MapGet("/stats", async ([FromQuery(Name = "patient_id")] int? patientId, DocumentStats handler, CancellationToken ct) =>
                (await handler.HandleAsync(patientId, ct)).ToHttp(TypedResults.Ok))
            .RequirePermission(Permission.DocumentsAdministrativeRead).RequireRateLimiting(ReadLimit)
            .WithName("getDocumentStats").WithSummary("Counts and bytes by type and format, for the clinic or one patient").WithDescription(TypesNote)
            .Produces<DocumentStatsResponse>().ProducesProblem(404);
        documents.MapGet("/{id:int}", async (int id, FindDocuments handler, CancellationToken ct) => (await handler.GetAsync(id, ct)).ToHttp(TypedResults.Ok))
            .RequirePermission(Permission.DocumentsAdministrativeRead).RequireRateLimiting(ReadLimit)
            .WithName("getDocument").WithSummary("A document's metadata").WithDescription(TypesNote)
            .Produces<DocumentResponse>().ProducesProblem(404);
        documents.MapGet("/{id:int}/download", async (int id, DownloadDocument handler, HttpResponse response, CancellationToken ct) =>
                Streamed(await handler.HandleAsync(id, ct), response, d => Results.Stream(d.Content, d.Document.MimeType, d.Document.OriginalFilename,
                    entityTag: new EntityTagHeaderValue($"\"{d.Document.Checksum}\""), enableRangeProcessing: true)))
            .RequirePermission(Permission.DocumentsAdministrativeRead).RequireRateLimiting(DownloadLimit)
            .WithName("downloadDocument").WithSummary("The original file, as an attachment (ranges supported); 30 per minute")
            .WithDescription("Content-Type from the detected format, ETag = the SHA-256 checksum, Content-Disposition: attachment. " + TypesNote)
            .Produces(200, contentType: "application/octet-stream").Produces(206).ProducesProblem(404);
        documents.MapGet("/{id:int}/preview", async (int id, DownloadDocument handler, HttpResponse response, CancellationToken ct) =>
                Streamed(await handler.PreviewAsync(id, ct), response, p => Results.Stream(p.Content, "image/jpeg")))
            .RequirePermission(Permission.DocumentsAdministrativeRead).RequireRateLimiting(DownloadLimit)
            .WithName("getDocumentPreview").WithSummary("A small JPEG of an image document (at most 512 pixels a side)")
            .WithDescription("404 when the document has no preview (formats other than JPEG and PNG, for now). " + TypesNote)
            .Produces(200, contentType: "image/jpeg").ProducesProblem(404);
        documents.MapPatch("/{id:int}", async (int id, UpdateDocumentRequest body, UpdateDocument handler, CancellationToken ct) =>
                (await handler.HandleAsync(id, body, ct)).ToHttp(TypedResults.Ok))
            .RequirePermission(Permission.DocumentsAdministrativeRead).RequireRateLimiting(WriteLimit)
            .WithName("updateDocument").WithSummary("Change a document's description, tags, type or links (doctors, admins; a patient its own uploads)")
            .WithDescription(TypesNote)
            .Produces<DocumentResponse>().ProducesProblem(400).ProducesProblem(404);
        documents.MapDelete("/{id:int}", async (int id, DeleteDocument handler, CancellationToken ct) =>
                (await handler.HandleAsync(id, ct)).ToHttp(_ => TypedResults.NoContent()))
            .RequirePermission(Permission.DocumentsAdministrativeRead).RequireRateLimiting(WriteLimit)
            .WithName("deleteDocument").WithSummary("Archive a document (doctors, admins; a patient its own uploads)").WithDescription(TypesNote)
            .Produces(204).ProducesProblem(404);
        documents.MapPost("/{id:int}/release", async (int id, ReleaseDocument handler, CancellationToken ct) =>
                (await handler.HandleAsync(id, ct)).ToHttp(TypedResults.Ok))
            .RequirePermission(Permission.LabResultsRelease).RequireRateLimiting(WriteLimit)
            .WithName("releaseDocument").WithSummary("Release a reviewed lab result to its patient, who is told (doctors)")
            .Produces<DocumentResponse>().ProducesProblem(404).ProducesProblem(409);
        documents.MapPost("/{id:int}/notify", async (int id, NotifyLabResult handler, CancellationToken ct) =>
                (await handler.HandleAsync(id, ct)).ToHttp(_ => TypedResults.Accepted((string?)null)))
            .RequirePermission(Permission.LabResultsNotify).RequireRateLimiting(WriteLimit)
            .WithName("notifyLabResult").WithSummary("Tell the patient again that a released lab result waits (doctors, nurses)")
            .Produces(202).ProducesProblem(404).ProducesProblem(409);
    }
}
