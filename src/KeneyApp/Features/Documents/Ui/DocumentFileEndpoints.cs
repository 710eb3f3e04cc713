using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using KeneyApp.Platform.Storage;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Net.Http.Headers;
using SecurityHeaders = KeneyApp.Platform.Http.SecurityHeaders;

namespace KeneyApp.Features.Documents.Ui;

/// <summary>
/// The web application's way to a document's bytes, on the signed-in cookie (the API's paths take bearer tokens
/// only). An upload goes from the browser straight to the same handler as the API's, as one streamed request,
/// not through the page's connection; it carries the antiforgery token in a header, which is checked before the
/// body is read. A file is shown inside the page (PDF, images) or downloaded; each opening is audited by the
/// handler, as in the API.
/// </summary>
public static class DocumentFileEndpoints
{
    public const string Prefix = SecurityHeaders.FilesPath;

    /// <summary>Where the page puts its antiforgery token (ASP.NET Core's default header name).</summary>
    private const string HeaderName = "RequestVerificationToken";

    public static void MapDocumentFiles(this IEndpointRouteBuilder routes)
    {
        var files = routes.MapGroup(Prefix).RequireAuthorization(PermissionPolicies.Name(Permission.DocumentsAdministrativeRead))
            .ExcludeFromDescription();

        files.MapPost("/upload", async (HttpContext context, IAntiforgery antiforgery, UploadDocument handler, CancellationToken ct) =>
            {
                // The header only: without it the check would read the token from the form, buffering the whole file first.
                if (!context.Request.Headers.ContainsKey(HeaderName) || !await antiforgery.IsRequestValidAsync(context))
                {
                    return new Problem(400, "Bad request", "The page's form token is missing or stale: reload the page.").ToHttp();
                }
                return (await handler.HandleAsync(context.Request, ct)).ToHttp(d => TypedResults.Created($"{Prefix}/{d.Id}", d));
            })
            .RequireAuthorization(PermissionPolicies.Name(Permission.DocumentsAdministrativeUpload))
            .RequireRateLimiting(DocumentsEndpoints.UploadLimit)
            .DisableAntiforgery(); // checked above from the header only: the middleware would read the whole form first
        files.MapGet("/{id:int}/file", async (int id, DownloadDocument handler, HttpResponse response, CancellationToken ct) =>
                Open(await handler.HandleAsync(id, ct), response, inline: true))
            .RequireRateLimiting(DocumentsEndpoints.DownloadLimit);
        files.MapGet("/{id:int}/download", async (int id, DownloadDocument handler, HttpResponse response, CancellationToken ct) =>
                Open(await handler.HandleAsync(id, ct), response, inline: false))
            .RequireRateLimiting(DocumentsEndpoints.DownloadLimit);
        files.MapGet("/{id:int}/preview", async (int id, DownloadDocument handler, HttpResponse response, CancellationToken ct) =>
            {
                var outcome = await handler.PreviewAsync(id, ct);
                if (outcome.Value is not { } preview)
                {
                    return outcome.Problem!.ToHttp();
                }
                response.Headers.CacheControl = "no-store";
                return Results.Stream(preview.Content, "image/jpeg");
            })
            .RequireRateLimiting(DocumentsEndpoints.DownloadLimit);
    }

    /// <summary>
    /// The file, shown in the page or saved. Shown in the page without byte ranges: a viewer fetching a large PDF in
    /// pieces would otherwise write one audit entry (and spend one download of the rate limit) per piece.
    /// </summary>
    private static IResult Open(Outcome<DownloadDocument.Download> outcome, HttpResponse response, bool inline)
    {
        if (outcome.Value is not { } download)
        {
            return outcome.Problem!.ToHttp();
        }
        response.Headers.CacheControl = "no-store";
        var document = download.Document;
        return Results.Stream(download.Content, document.MimeType, inline ? null : document.OriginalFilename,
            entityTag: new EntityTagHeaderValue($"\"{document.Checksum}\""), enableRangeProcessing: !inline);
    }
}
