using System.Security.Claims;
using KeneyApp.Features.Documents;
using KeneyApp.Platform.Security;

namespace KeneyApp.Demo;

/// <summary>
/// Real documents in Jean Dupont's record: a PDF lab report, a PNG ECG strip and a DICOM chest radiograph
/// (Demo/Files, written by scripts/make-demo-files.py). Each goes through the upload handler itself, as Dr Martin
/// uploading it would: format read from the bytes, scan when configured, encryption, metadata, preview, audit; the
/// lab report is then released to him, as after Dr Martin's review.
/// </summary>
internal sealed class DemoDocuments(IServiceScopeFactory scopes, IHttpContextAccessor http, ILogger<DemoDocuments> logger)
{
    private static readonly (string File, string Type, string MimeType, string Description)[] Files =
    [
        ("bilan-sanguin.pdf", "lab_result", "application/pdf", "Bilan sanguin du 20/11 : glycémie et LDL un peu élevés"),
        ("ecg-repos.png", "imaging", "image/png", "ECG de repos, rythme sinusal régulier"),
        ("radio-thorax.dcm", "imaging", "application/dicom", "Radiographie thoracique de face"),
    ];

    public async Task AddAsync(int tenantId, int doctorId, int patientId, CancellationToken ct)
    {
        foreach (var (file, type, mimeType, description) in Files)
        {
            await using var scope = scopes.CreateAsyncScope();
            var request = new DefaultHttpContext
            {
                RequestServices = scope.ServiceProvider,
                User = new ClaimsPrincipal(new ClaimsIdentity(
                [
                    new Claim(KeneyClaims.UserId, doctorId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    new Claim(KeneyClaims.TenantId, tenantId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    new Claim(KeneyClaims.Role, Roles.Doctor),
                ], authenticationType: "demo")),
            };
            using var form = new MultipartFormDataContent
            {
                { new StringContent(patientId.ToString(System.Globalization.CultureInfo.InvariantCulture)), "patient_id" },
                { new StringContent(type), "document_type" },
                { new StringContent(description), "description" },
            };
            var content = new StreamContent(Resource(file));
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(mimeType);
            form.Add(content, "file", file);
            request.Request.ContentType = form.Headers.ContentType!.ToString();
            request.Request.Body = await form.ReadAsStreamAsync(ct);
            http.HttpContext = request;
            try
            {
                var outcome = await scope.ServiceProvider.GetRequiredService<UploadDocument>().HandleAsync(request.Request, ct);
                if (outcome.Problem is { } problem)
                {
                    logger.LogWarning("Demo document {File} not added: {Status} {Title}", file, problem.Status, problem.Title);
                }
                else if (type == "lab_result")
                {
                    // Dr Martin has reviewed the report: Jean Dupont sees it in his portal (and is told).
                    await scope.ServiceProvider.GetRequiredService<ReleaseDocument>().HandleAsync(outcome.Value!.Id, ct);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Demo document {File} not added: {ExceptionType}", file, e.GetType().Name);
            }
            finally
            {
                http.HttpContext = null;
            }
        }
    }

    private static Stream Resource(string file) =>
        typeof(DemoDocuments).Assembly.GetManifestResourceStream($"KeneyApp.Demo.Files.{file}")
        ?? throw new InvalidOperationException($"Demo file {file} is not embedded.");
}
