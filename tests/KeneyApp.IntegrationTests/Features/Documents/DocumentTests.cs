using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KeneyApp.IntegrationTests.Infrastructure;
using KeneyApp.Platform.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace KeneyApp.IntegrationTests.Features.Documents;

/// <summary>Uploads and downloads over HTTP, with real files of each format, for each role, on each database.</summary>
public abstract class DocumentTests(AppFixture app)
{
    internal static async Task<HttpResponseMessage> UploadAsync(HttpClient client, int patientId, string documentType, byte[] bytes, string fileName,
        string? contentType = null, params (string Name, string Value)[] fields)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(patientId.ToString(System.Globalization.CultureInfo.InvariantCulture)), "patient_id" },
            { new StringContent(documentType), "document_type" },
        };
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType ?? "application/octet-stream");
        form.Add(file, "file", fileName);
        return await client.PostAsync("/api/v1/documents/upload", form);
    }

    private async Task<int> PatientAsync() => (await Clinic.NewPatientAsync(app)).GetProperty("id").GetInt32();

    private IBlobStore Store => app.Service(sp => sp.GetRequiredService<IBlobStore>());


    public static TheoryData<string, string, string> Formats => new()
    {
        { "pdf", "resultats.pdf", "application/pdf" },
        { "jpeg", "radio.jpg", "image/jpeg" },
        { "png", "photo.png", "image/png" },
        { "docx", "compte-rendu.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
        { "txt", "note.txt", "text/plain" },
    };

    private static byte[] FileOf(string format, int seed) => format switch
    {
        "pdf" => TestFiles.Pdf($"Hemoglobine 13.{seed} g/dL"),
        "jpeg" => TestFiles.Jpeg(seed),
        "png" => TestFiles.Png(seed),
        "docx" => TestFiles.Docx($"Compte rendu {seed}: échographie normale."),
        _ => Encoding.UTF8.GetBytes($"Note {seed}: tension 12/8, à revoir dans un mois. 🩺"),
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Each_format_is_accepted_from_real_bytes_and_comes_back_identical_with_ranges(string format, string fileName, string mimeType)
    {
        var patient = await PatientAsync();
        var bytes = FileOf(format, Random.Shared.Next());
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var created = await (await UploadAsync(doctor, patient, "consultation_note", bytes, fileName, mimeType,
            ("description", "Suivi"), ("tags", "[\"suivi\", \"2026\"]"))).AssertOk(HttpStatusCode.Created);
        Assert.Equal(format, created.GetProperty("document_format").GetString());
        Assert.Equal(bytes.Length, created.GetProperty("file_size").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), created.GetProperty("checksum").GetString());
        Assert.Equal("ready", created.GetProperty("status").GetString());
        Assert.Equal(["suivi", "2026"], created.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.False(created.TryGetProperty("storage_key", out _));
        var id = created.GetProperty("id").GetInt32();
        switch (format)
        {
            case "pdf":
                Assert.Equal(1, created.GetProperty("extracted_metadata").GetProperty("page_count").GetInt32());
                Assert.Contains("Hemoglobine", created.GetProperty("ocr_text").GetString(), StringComparison.Ordinal);
                var stored = (await app.RawRowAsync($"SELECT ocr_text_encrypted FROM documents WHERE id = {id}")).Single();
                Assert.StartsWith("v1.", stored, StringComparison.Ordinal);
                Assert.DoesNotContain("Hemoglobine", stored, StringComparison.Ordinal);
                break;
            case "jpeg" or "png":
                Assert.Equal((64, 48), (created.GetProperty("extracted_metadata").GetProperty("width").GetInt32(),
                    created.GetProperty("extracted_metadata").GetProperty("height").GetInt32()));
                var preview = await doctor.GetAsync($"/api/v1/documents/{id}/preview");
                Assert.Equal("image/jpeg", preview.Content.Headers.ContentType!.MediaType);
                using (var decoded = SkiaSharp.SKBitmap.Decode(await preview.Content.ReadAsByteArrayAsync()))
                {
                    Assert.Equal((64, 48), (decoded.Width, decoded.Height));
                }
                break;
            case "docx":
                Assert.Contains("échographie normale", created.GetProperty("ocr_text").GetString(), StringComparison.Ordinal);
                break;
        }
        if (format is not ("jpeg" or "png"))
        {
            await (await doctor.GetAsync($"/api/v1/documents/{id}/preview")).AssertProblem(HttpStatusCode.NotFound);
        }
        Assert.False(created.TryGetProperty("processing_error", out _));

        var download = await doctor.GetAsync($"/api/v1/documents/{id}/download");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
        Assert.StartsWith(mimeType, download.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(fileName, download.Content.Headers.ContentDisposition.FileNameStar ?? download.Content.Headers.ContentDisposition.FileName);
        Assert.Equal($"\"{created.GetProperty("checksum").GetString()}\"", download.Headers.ETag!.Tag);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("no-store", download.Headers.CacheControl!.ToString(), StringComparison.Ordinal);

        using var range = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/documents/{id}/download");
        var last = Math.Min(bytes.Length - 1, 99);
        range.Headers.Range = new RangeHeaderValue(10, last);
        var partial = await doctor.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(bytes.AsSpan(10, last - 9).ToArray(), await partial.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_file_larger_than_several_storage_parts_comes_back_identical_whole_and_by_range()
    {
        var patient = await PatientAsync();
        // 12 MB: three parts of a multipart upload on S3, 190 segments of the file's encryption.
        var line = Encoding.UTF8.GetBytes($"Mesure {Guid.NewGuid()} : fréquence cardiaque 72/min, SpO2 98 %.\n");
        var bytes = new byte[12 * 1024 * 1024 / line.Length * line.Length];
        for (var at = 0; at < bytes.Length; at += line.Length)
        {
            line.CopyTo(bytes, at);
            // Each line its own: a file of one repeated segment would not show a segment served from the wrong place.
            Encoding.ASCII.GetBytes((at & 0xFFFFFF).ToString("x6", System.Globalization.CultureInfo.InvariantCulture)).CopyTo(bytes, at + 7);
        }
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var created = await (await UploadAsync(doctor, patient, "other", bytes, "holter.txt", "text/plain")).AssertOk(HttpStatusCode.Created);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), created.GetProperty("checksum").GetString());
        var id = created.GetProperty("id").GetInt32();
        var download = await doctor.GetAsync($"/api/v1/documents/{id}/download");
        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(await download.Content.ReadAsByteArrayAsync()));
        using var range = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/documents/{id}/download");
        const int from = (5 * 1024 * 1024) - 70_000, to = (5 * 1024 * 1024) + 70_000; // across a part and several segments
        range.Headers.Range = new RangeHeaderValue(from, to);
        var partial = await doctor.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(bytes.AsSpan(from, to - from + 1).ToArray(), await partial.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_large_photo_gets_a_small_preview_stored_encrypted_beside_it()
    {
        var patient = await PatientAsync();
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var before = app.StoredKeys();
        var created = await (await UploadAsync(doctor, patient, "imaging", TestFiles.LargeJpeg(Random.Shared.Next(256), 2400, 1800), "photo.jpg"))
            .AssertOk(HttpStatusCode.Created);
        Assert.Equal(2, app.StoredKeys().Except(before).Count()); // the file and its preview
        var preview = await doctor.GetAsync($"/api/v1/documents/{created.GetProperty("id").GetInt32()}/preview");
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        using var decoded = SkiaSharp.SKBitmap.Decode(await preview.Content.ReadAsByteArrayAsync());
        Assert.Equal((512, 384), (decoded.Width, decoded.Height));
        using var reception = await app.ClientFor(DemoUsers.Reception);
        await (await reception.GetAsync($"/api/v1/documents/{created.GetProperty("id").GetInt32()}/preview")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_small_png_declaring_a_huge_image_is_kept_without_a_preview_instead_of_being_decoded()
    {
        var patient = await PatientAsync();
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var created = await (await UploadAsync(doctor, patient, "imaging", TestFiles.PngDeclaring(100_000), "enorme.png")).AssertOk(HttpStatusCode.Created);
        Assert.Equal(100_000, created.GetProperty("extracted_metadata").GetProperty("width").GetInt32());
        await (await doctor.GetAsync($"/api/v1/documents/{created.GetProperty("id").GetInt32()}/preview")).AssertProblem(HttpStatusCode.NotFound);
    }

    /// <summary>Real DICOM files from Debian's python3-pydicom: explicit and implicit VR, big endian, deflated, compressed.</summary>
    public static TheoryData<string, string, int, bool> DicomFiles => new()
    {
        { "CT_small.dcm", "CT", 128, true },
        { "MR_small_implicit.dcm", "MR", 64, true },
        { "MR_small_bigendian.dcm", "MR", 64, true },
        { "image_dfl.dcm", "OT", 512, true },
        { "JPEG-lossy.dcm", "NM", 256, false },
    };

    [Theory]
    [MemberData(nameof(DicomFiles))]
    public async Task A_dicom_image_gives_its_study_metadata_encrypted_at_rest_and_a_preview_when_uncompressed(string file, string modality,
        int columns, bool previewed)
    {
        var patient = await PatientAsync();
        var bytes = await File.ReadAllBytesAsync(Path.Combine(TestFiles.PydicomFiles, file));
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var created = await (await UploadAsync(doctor, patient, "imaging", bytes, file, "application/dicom")).AssertOk(HttpStatusCode.Created);
        Assert.Equal("dicom", created.GetProperty("document_format").GetString());
        var metadata = created.GetProperty("extracted_metadata");
        Assert.Equal(modality, metadata.GetProperty("modality").GetString());
        Assert.Equal(columns, metadata.GetProperty("columns").GetInt32());
        Assert.StartsWith("1.", metadata.GetProperty("study_instance_uid").GetString(), StringComparison.Ordinal);
        var id = created.GetProperty("id").GetInt32();
        var stored = (await app.RawRowAsync($"SELECT extracted_metadata_encrypted FROM documents WHERE id = {id}")).Single();
        Assert.StartsWith("v1.", stored, StringComparison.Ordinal);
        Assert.DoesNotContain(metadata.GetProperty("study_instance_uid").GetString()!, stored, StringComparison.Ordinal);

        var preview = await doctor.GetAsync($"/api/v1/documents/{id}/preview");
        if (!previewed)
        {
            await preview.AssertProblem(HttpStatusCode.NotFound);
            return;
        }
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        using var decoded = SkiaSharp.SKBitmap.Decode(await preview.Content.ReadAsByteArrayAsync());
        Assert.Equal(Math.Min(columns, 512), decoded.Width);
        // A real picture, not a flat grey: the window spreads the body's values over dark and light greys.
        var greys = Enumerable.Range(0, decoded.Height).SelectMany(y => Enumerable.Range(0, decoded.Width).Select(x => decoded.GetPixel(x, y).Red)).ToArray();
        Assert.True(greys.Count(g => g < 64) > greys.Length / 50 && greys.Count(g => g > 128) > greys.Length / 50,
            $"{file}: preview has {greys.Count(g => g < 64)} dark and {greys.Count(g => g > 128)} light pixels of {greys.Length}");
    }

    [Fact]
    public async Task The_demo_record_of_Jean_Dupont_holds_a_lab_report_an_ecg_and_a_chest_radiograph_read_like_uploads()
    {
        var jean = await Clinic.PatientIdAsync(app, "Dupont");
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var documents = (await (await doctor.GetAsync($"/api/v1/documents/patient/{jean}?limit=100")).AssertOk()).EnumerateArray()
            .ToDictionary(d => d.GetProperty("original_filename").GetString()!, d => d);
        var report = documents["bilan-sanguin.pdf"];
        Assert.Equal("lab_result", report.GetProperty("document_type").GetString());
        Assert.Contains("Hémoglobine", report.GetProperty("ocr_text").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, report.GetProperty("extracted_metadata").GetProperty("page_count").GetInt32());
        Assert.Equal(1000, documents["ecg-repos.png"].GetProperty("extracted_metadata").GetProperty("width").GetInt32());
        var radiograph = documents["radio-thorax.dcm"];
        Assert.Equal("DUPONT^Jean", radiograph.GetProperty("extracted_metadata").GetProperty("patient_name").GetString());
        Assert.Equal("CR", radiograph.GetProperty("extracted_metadata").GetProperty("modality").GetString());
        var preview = await doctor.GetAsync($"/api/v1/documents/{radiograph.GetProperty("id").GetInt32()}/preview");
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        using var patient = await app.ClientFor(DemoUsers.JeanDupont);
        Assert.Equal(HttpStatusCode.OK, (await patient.GetAsync($"/api/v1/documents/{report.GetProperty("id").GetInt32()}/download")).StatusCode);
    }

    [Fact]
    public async Task A_damaged_file_of_a_known_format_is_kept_and_said_unreadable()
    {
        var patient = await PatientAsync();
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var damaged = Encoding.ASCII.GetBytes($"%PDF-1.7\n{Guid.NewGuid()} this is not the rest of a PDF");
        var created = await (await UploadAsync(doctor, patient, "other", damaged, "abime.pdf")).AssertOk(HttpStatusCode.Created);
        Assert.Equal("content_unreadable", created.GetProperty("processing_error").GetString());
        Assert.Equal("ready", created.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_stored_file_holds_none_of_the_original_bytes_in_clear()
    {
        var patient = await PatientAsync();
        var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat($"Résultat confidentiel {Guid.NewGuid():N}. ", 3000)));
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var before = app.StoredKeys();
        await (await UploadAsync(doctor, patient, "lab_result", text, "resultat.txt", "text/plain")).AssertOk(HttpStatusCode.Created);
        var stored = Assert.Single(app.StoredKeys().Except(before));
        var read = (await Store.OpenReadAsync(stored, default))!;
        var onDisk = new MemoryStream();
        await using (read.Content)
        {
            await read.Content.CopyToAsync(onDisk);
        }
        Assert.True(onDisk.Length > text.Length);
        Assert.True(onDisk.ToArray().AsSpan().IndexOf(text.AsSpan(100, 24)) < 0, "the original bytes are stored in clear");
        Assert.DoesNotContain("resultat", stored, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("a PDF named .png", "photo.png", "image/png")]
    [InlineData("a PDF declared as an image", "resultats.pdf", "image/png")]
    [InlineData("a PDF with a program's extension", "resultats.exe", "application/pdf")]
    [InlineData("a ZIP bomb dressed as DOCX", "bombe.docx", null)]
    [InlineData("a ZIP that is not a Word document", "archive.docx", null)]
    [InlineData("binary bytes named .txt", "data.txt", "text/plain")]
    public async Task Unknown_or_contradicted_formats_are_415_and_nothing_is_kept(string what, string fileName, string? contentType)
    {
        var patient = await PatientAsync();
        var bytes = what switch
        {
            "a ZIP bomb dressed as DOCX" => TestFiles.DocxBomb(),
            "a ZIP that is not a Word document" => ZipWithout(),
            "binary bytes named .txt" => [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0xFF, 0xFE],
            _ => TestFiles.Pdf("x"),
        };
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var before = app.StoredKeys();
        var problem = await (await UploadAsync(doctor, patient, "other", bytes, fileName, contentType)).AssertProblem(HttpStatusCode.UnsupportedMediaType);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()), what);
        Assert.Empty(app.StoredKeys().Except(before));
        var list = await doctor.GetAsync($"/api/v1/documents/patient/{patient}");
        Assert.Equal("0", list.Headers.GetValues("X-Total-Count").Single());
    }

    private static byte[] ZipWithout()
    {
        using var stream = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("readme.md").Open();
            entry.Write("# hello"u8);
        }
        return stream.ToArray();
    }

    [Fact]
    public async Task The_same_file_again_for_the_same_patient_is_409_with_the_existing_id()
    {
        var patient = await PatientAsync();
        var bytes = TestFiles.Png(Random.Shared.Next());
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var first = await (await UploadAsync(doctor, patient, "imaging", bytes, "a.png")).AssertOk(HttpStatusCode.Created);
        var before = app.StoredKeys();
        var again = await (await UploadAsync(doctor, patient, "imaging", bytes, "b.png")).AssertProblem(HttpStatusCode.Conflict);
        Assert.Equal(first.GetProperty("id").GetInt32(), again.GetProperty("existing_document_id").GetInt32());
        Assert.Empty(app.StoredKeys().Except(before));
        // Another patient may hold the same file.
        await (await UploadAsync(doctor, await PatientAsync(), "imaging", bytes, "a.png")).AssertOk(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_receptionist_handles_administrative_documents_only()
    {
        var patient = await PatientAsync();
        using var reception = await app.ClientFor(DemoUsers.Reception);
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        await (await UploadAsync(reception, patient, "lab_result", TestFiles.Pdf("lab " + Guid.NewGuid()), "lab.pdf")).AssertProblem(HttpStatusCode.Forbidden);
        var insurance = await (await UploadAsync(reception, patient, "insurance", TestFiles.Pdf("carte " + Guid.NewGuid()), "carte.pdf"))
            .AssertOk(HttpStatusCode.Created);
        var labBytes = TestFiles.Pdf("lab " + Guid.NewGuid());
        var lab = await (await UploadAsync(doctor, patient, "lab_result", labBytes, "lab.pdf")).AssertOk(HttpStatusCode.Created);
        var labId = lab.GetProperty("id").GetInt32();
        // The same bytes again, as an administrative document: 409, without telling a lab result's id.
        var conflict = await (await UploadAsync(reception, patient, "insurance", labBytes, "lab.pdf")).AssertProblem(HttpStatusCode.Conflict);
        Assert.False(conflict.TryGetProperty("existing_document_id", out _));

        await (await reception.GetAsync($"/api/v1/documents/{labId}")).AssertProblem(HttpStatusCode.NotFound);
        await (await reception.GetAsync($"/api/v1/documents/{labId}/download")).AssertProblem(HttpStatusCode.NotFound);
        var listed = await (await reception.GetAsync($"/api/v1/documents/patient/{patient}")).AssertOk();
        Assert.Equal([insurance.GetProperty("id").GetInt32()], listed.EnumerateArray().Select(d => d.GetProperty("id").GetInt32()));
        var all = await (await doctor.GetAsync($"/api/v1/documents/patient/{patient}")).AssertOk();
        Assert.Equal(2, all.GetArrayLength());
        int[] Timeline(JsonElement history) => [.. history.EnumerateArray().Where(i => i.GetProperty("type").GetString() == "document")
            .Select(i => i.GetProperty("id").GetInt32()).Order()];
        Assert.Equal([insurance.GetProperty("id").GetInt32()], Timeline(await (await reception.GetAsync($"/api/v1/patients/{patient}/history")).AssertOk()));
        Assert.Equal(new[] { insurance.GetProperty("id").GetInt32(), labId }.Order(), Timeline(await (await doctor.GetAsync($"/api/v1/patients/{patient}/history")).AssertOk()));
        await (await reception.PatchJson($"/api/v1/documents/{insurance.GetProperty("id").GetInt32()}", new { document_type = "lab_result" }))
            .AssertProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Another_clinics_documents_and_patients_are_404()
    {
        var patient = await PatientAsync();
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var created = await (await UploadAsync(doctor, patient, "imaging", TestFiles.Jpeg(Random.Shared.Next()), "x.jpg")).AssertOk(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        using var other = await app.ClientFor(DemoUsers.DrPetit);
        await (await other.GetAsync($"/api/v1/documents/{id}")).AssertProblem(HttpStatusCode.NotFound);
        await (await other.GetAsync($"/api/v1/documents/{id}/download")).AssertProblem(HttpStatusCode.NotFound);
        await (await other.DeleteAsync($"/api/v1/documents/{id}")).AssertProblem(HttpStatusCode.NotFound);
        await (await other.GetAsync($"/api/v1/documents/patient/{patient}")).AssertProblem(HttpStatusCode.NotFound);
        await (await UploadAsync(other, patient, "imaging", TestFiles.Jpeg(Random.Shared.Next()), "y.jpg")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_archived_document_is_404_and_only_managers_or_its_patient_uploader_archive()
    {
        var patient = await PatientAsync();
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        using var nurse = await app.ClientFor(DemoUsers.Nurse);
        var created = await (await UploadAsync(nurse, patient, "vaccination_record", TestFiles.Pdf("vaccin " + Guid.NewGuid()), "carnet.pdf"))
            .AssertOk(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        await (await nurse.DeleteAsync($"/api/v1/documents/{id}")).AssertProblem(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.NoContent, (await doctor.DeleteAsync($"/api/v1/documents/{id}")).StatusCode);
        await (await doctor.GetAsync($"/api/v1/documents/{id}")).AssertProblem(HttpStatusCode.NotFound);
        await (await doctor.GetAsync($"/api/v1/documents/{id}/download")).AssertProblem(HttpStatusCode.NotFound);
        Assert.Equal(["Archived"], await app.RawRowAsync($"SELECT status FROM documents WHERE id = {id}"));
    }

    [Fact]
    public async Task A_patient_adds_to_its_own_record_only_and_archives_its_own_uploads()
    {
        using var jean = await app.ClientFor(DemoUsers.JeanDupont);
        var me = await (await jean.GetAsync("/api/v1/auth/me")).AssertOk();
        var own = me.GetProperty("patient_id").GetInt32();
        var created = await (await UploadAsync(jean, own, "lab_result", TestFiles.Pdf("analyse " + Guid.NewGuid()), "analyse.pdf")).AssertOk(HttpStatusCode.Created);
        await (await UploadAsync(jean, await PatientAsync(), "lab_result", TestFiles.Pdf("autre " + Guid.NewGuid()), "a.pdf")).AssertProblem(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NoContent, (await jean.DeleteAsync($"/api/v1/documents/{created.GetProperty("id").GetInt32()}")).StatusCode);
    }

    [Fact]
    public async Task Bad_forms_name_the_field_and_keep_nothing()
    {
        var patient = await PatientAsync();
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var before = app.StoredKeys();
        var unknown = await (await UploadAsync(doctor, patient, "imaging", TestFiles.Png(1), "a.png", null, ("documnet_type", "x"))).AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(unknown.GetProperty("errors").TryGetProperty("documnet_type", out _));
        var badType = await (await UploadAsync(doctor, patient, "radiology", TestFiles.Png(2), "a.png")).AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(badType.GetProperty("errors").TryGetProperty("document_type", out _));
        var nullTag = await (await UploadAsync(doctor, patient, "imaging", TestFiles.Png(4), "a.png", null, ("tags", "[\"a\", null]"))).AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(nullTag.GetProperty("errors").TryGetProperty("tags", out _));
        var longName = new string('é', 300) + ".png";
        var named = await (await UploadAsync(doctor, patient, "imaging", TestFiles.Png(Random.Shared.Next()), longName)).AssertOk(HttpStatusCode.Created);
        Assert.True(named.GetProperty("original_filename").GetString()!.Length <= 255);
        Assert.EndsWith(".png", named.GetProperty("original_filename").GetString(), StringComparison.Ordinal);
        before = app.StoredKeys();
        var link = await (await UploadAsync(doctor, patient, "imaging", TestFiles.Png(3), "a.png", null, ("appointment_id", "999999"))).AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(link.GetProperty("errors").TryGetProperty("appointment_id", out _));
        var empty = await (await UploadAsync(doctor, patient, "imaging", [], "a.png")).AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(empty.GetProperty("errors").TryGetProperty("file", out _));
        var json = await (await doctor.PostJson("/api/v1/documents/upload", new { patient_id = patient })).AssertProblem(HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("multipart/form-data", json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(app.StoredKeys().Except(before));
    }

    [Fact]
    public async Task Uploads_downloads_and_archiving_are_audited_with_ids_only_and_a_lab_result_raises_its_event_when_released()
    {
        var patient = await PatientAsync();
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var created = await (await UploadAsync(doctor, patient, "lab_result", TestFiles.Pdf("Glycemie " + Guid.NewGuid()), "glycemie.pdf"))
            .AssertOk(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        var download = await doctor.GetAsync($"/api/v1/documents/{id}/download");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        async Task<string> CountAsync(string where) =>
            (await app.RawRowAsync($"SELECT CAST(count(*) AS TEXT) FROM audit_entries WHERE resource_type = 'document' AND resource_id = '{id}' AND {where}")).Single();
        Assert.Equal("1", await CountAsync($"action = 'create' AND details LIKE 'patient_id={patient} type=lab_result format=pdf%'"));
        Assert.Equal("1", await CountAsync("action = 'download' AND client_ip IS NOT NULL"));
        Assert.Equal("0", await CountAsync("lower(COALESCE(details, '')) LIKE '%glycemie%'"));
        // The result waits for review: no event until a doctor releases it, then one.
        var events = $"SELECT CAST(count(*) AS TEXT) FROM outbox_messages WHERE type = 'lab_result_released' AND payload = '{{\"document_id\":{id},\"patient_id\":{patient}}}'";
        Assert.Equal(["0"], await app.RawRowAsync(events));
        await (await doctor.PostAsync($"/api/v1/documents/{id}/release", null)).AssertOk();
        Assert.Equal(["1"], await app.RawRowAsync(events));
        Assert.DoesNotContain("glycemie", string.Join("\n", app.Factory.Logs.Lines), StringComparison.OrdinalIgnoreCase);
        using var local = app.Anonymous();
        var metrics = await (await local.GetAsync("/metrics")).Content.ReadAsStringAsync();
        Assert.Matches(@"documents_uploaded_total(\{[^}]*\})? [1-9]", metrics);
        Assert.Matches(@"documents_downloaded_total(\{[^}]*\})? [1-9]", metrics);
        Assert.Contains("documents_total_size_bytes", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_count_and_weigh_the_documents_the_caller_may_read()
    {
        var patient = await PatientAsync();
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var png = TestFiles.Png(Random.Shared.Next());
        var pdf = TestFiles.Pdf("stats " + Guid.NewGuid());
        await (await UploadAsync(doctor, patient, "imaging", png, "a.png")).AssertOk(HttpStatusCode.Created);
        await (await UploadAsync(doctor, patient, "insurance", pdf, "b.pdf")).AssertOk(HttpStatusCode.Created);
        var stats = await (await doctor.GetAsync($"/api/v1/documents/stats?patient_id={patient}")).AssertOk();
        Assert.Equal(2, stats.GetProperty("total_documents").GetInt32());
        Assert.Equal(png.Length + pdf.Length, stats.GetProperty("total_bytes").GetInt64());
        using var reception = await app.ClientFor(DemoUsers.Reception);
        var theirs = await (await reception.GetAsync($"/api/v1/documents/stats?patient_id={patient}")).AssertOk();
        Assert.Equal(1, theirs.GetProperty("total_documents").GetInt32());
        Assert.Equal("insurance", theirs.GetProperty("by_type")[0].GetProperty("key").GetString());
    }
}

public sealed class DocumentTestsOnSqlite(SqliteApp app) : DocumentTests(app), IClassFixture<SqliteApp>;

public sealed class DocumentTestsOnPostgres(PostgresApp app) : DocumentTests(app), IClassFixture<PostgresApp>;

public sealed class DocumentTestsOnSqliteWithS3(SqliteS3App app) : DocumentTests(app), IClassFixture<SqliteS3App>;

public sealed class DocumentTestsOnPostgresWithS3(PostgresS3App app) : DocumentTests(app), IClassFixture<PostgresS3App>;
