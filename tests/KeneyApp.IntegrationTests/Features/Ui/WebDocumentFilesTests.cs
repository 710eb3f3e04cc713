using System.Net;
using System.Net.Http.Headers;
using KeneyApp.IntegrationTests.Features.Documents;
using KeneyApp.IntegrationTests.Infrastructure;

namespace KeneyApp.IntegrationTests.Features.Ui;

/// <summary>
/// The web application's document paths on the signed-in cookie, on both databases: an upload needs the page's
/// antiforgery token in a header (a forged cross-site post has none), a file shown in a page may be framed by this
/// site only, and another patient's or clinic's document does not exist.
/// </summary>
public abstract class WebDocumentFilesTests(AppFixture app)
{
    private static async Task<HttpResponseMessage> UploadAsync(HttpClient browser, int patientId, byte[] bytes, string? token)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(patientId.ToString(System.Globalization.CultureInfo.InvariantCulture)), "patient_id" },
            { new StringContent("consultation_note"), "document_type" },
        };
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", "note.pdf");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ui/documents/upload") { Content = form };
        if (token is not null)
        {
            request.Headers.Add("RequestVerificationToken", token);
        }
        return await browser.SendAsync(request);
    }

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var browser = app.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(email, KeneyAppFactory.DemoPassword)).StatusCode);
        return browser;
    }

    private async Task<string> DocumentCountAsync() => (await app.RawRowAsync("SELECT CAST(COUNT(*) AS TEXT) FROM documents")).Single();

    [Fact]
    public async Task An_upload_without_the_pages_token_is_refused_and_stores_nothing()
    {
        var jean = await Clinic.PatientIdAsync(app, "Dupont");
        using var doctor = await SignedInAsync(DemoUsers.DrMartin);
        var before = await DocumentCountAsync();
        var forged = await UploadAsync(doctor, jean, TestFiles.Pdf("sans jeton " + Guid.NewGuid()), token: null);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        var stale = await UploadAsync(doctor, jean, TestFiles.Pdf("jeton faux " + Guid.NewGuid()), token: "CfDJ8-not-a-token");
        Assert.Equal(HttpStatusCode.BadRequest, stale.StatusCode);
        Assert.Equal(before, await DocumentCountAsync());

        using var anonymous = app.Browser();
        var unsigned = await UploadAsync(anonymous, jean, TestFiles.Pdf("anonyme " + Guid.NewGuid()), await anonymous.TokenOfAsync("/sign-in"));
        Assert.NotEqual(HttpStatusCode.Created, unsigned.StatusCode);
        Assert.Equal(before, await DocumentCountAsync());
    }

    [Fact]
    public async Task A_document_added_from_the_page_is_shown_inline_framed_by_this_site_only_and_audited()
    {
        var jean = await Clinic.PatientIdAsync(app, "Dupont");
        using var doctor = await SignedInAsync(DemoUsers.DrMartin);
        var token = await doctor.TokenOfAsync("/sign-in");
        var bytes = TestFiles.Pdf("compte rendu " + Guid.NewGuid());
        var created = await (await UploadAsync(doctor, jean, bytes, token)).AssertOk(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();

        var inline = await doctor.GetAsync($"/ui/documents/{id}/file");
        Assert.Equal(HttpStatusCode.OK, inline.StatusCode);
        Assert.Equal("application/pdf", inline.Content.Headers.ContentType?.MediaType);
        Assert.Null(inline.Content.Headers.ContentDisposition);
        Assert.Equal(bytes, await inline.Content.ReadAsByteArrayAsync());
        Assert.Equal("SAMEORIGIN", inline.Headers.GetValues("X-Frame-Options").Single());
        var csp = inline.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("no-store", inline.Headers.CacheControl?.ToString());
        var download = await doctor.GetAsync($"/ui/documents/{id}/download");
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        // Pages themselves may never be framed.
        Assert.Equal("DENY", (await doctor.GetAsync("/")).Headers.GetValues("X-Frame-Options").Single());

        var opened = await app.RawRowAsync($"SELECT CAST(COUNT(*) AS TEXT) FROM audit_entries WHERE action = 'download' AND resource_type = 'document' AND resource_id = '{id}'");
        Assert.Equal("2", opened.Single());
    }

    [Fact]
    public async Task Another_patients_or_another_clinics_document_does_not_exist_and_a_receptionist_sees_no_clinical_file()
    {
        var jean = await Clinic.PatientIdAsync(app, "Dupont");
        using var doctor = await SignedInAsync(DemoUsers.DrMartin);
        var created = await (await UploadAsync(doctor, jean, TestFiles.Pdf("confidentiel " + Guid.NewGuid()), await doctor.TokenOfAsync("/sign-in")))
            .AssertOk(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();

        using var claire = await SignedInAsync(DemoUsers.ClaireMoreau);
        using var otherClinic = await SignedInAsync(DemoUsers.DrPetit);
        using var reception = await SignedInAsync(DemoUsers.Reception);
        using var jeanHimself = await SignedInAsync(DemoUsers.JeanDupont);
        foreach (var path in new[] { $"/ui/documents/{id}/file", $"/ui/documents/{id}/download" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await claire.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await otherClinic.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await reception.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await jeanHimself.GetAsync(path)).StatusCode);
        }
        using var anonymous = app.Browser();
        var redirected = await anonymous.GetAsync($"/ui/documents/{id}/file");
        Assert.Equal(HttpStatusCode.Redirect, redirected.StatusCode);
        Assert.StartsWith("/sign-in", redirected.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }
}

public sealed class WebDocumentFilesTestsOnSqlite(SqliteApp app) : WebDocumentFilesTests(app), IClassFixture<SqliteApp>;

public sealed class WebDocumentFilesTestsOnPostgres(PostgresApp app) : WebDocumentFilesTests(app), IClassFixture<PostgresApp>;
