using System.Net;
using Amazon.S3.Model;
using KeneyApp.Features.Documents;
using KeneyApp.IntegrationTests.Infrastructure;
using KeneyApp.Platform.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace KeneyApp.IntegrationTests.Features.Documents;

/// <summary>
/// The S3 backend against a real S3-compatible server (s3rver): what lands in the bucket is the sealed file itself,
/// byte for byte (no aws-chunked framing), an abandoned write leaves no object, and the sweep removes objects no
/// document names once past the grace period. The document tests themselves also run on S3 (DocumentTestsOn…WithS3).
/// </summary>
public sealed class S3StorageTests(PostgresS3App app) : IClassFixture<PostgresS3App>
{
    private IBlobStore Store => app.Service(sp => sp.GetRequiredService<IBlobStore>());

    [Fact]
    public async Task The_bucket_holds_the_sealed_file_byte_for_byte_and_never_the_original()
    {
        Assert.IsType<S3BlobStore>(Store);
        var patient = (await Clinic.NewPatientAsync(app)).GetProperty("id").GetInt32();
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var png = TestFiles.Png(Random.Shared.Next(), 640, 480);
        var created = await (await DocumentTests.UploadAsync(doctor, patient, "imaging", png, "echo.png")).AssertOk(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        var row = await app.RawRowAsync($"SELECT storage_key, CAST(stored_size AS TEXT) FROM documents WHERE id = {id}");

        // Read with the SDK directly, not through the app's store.
        using var s3 = S3Server.Shared.Client();
        using var stored = await s3.GetObjectAsync(app.Factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<S3Options>>().Value.Bucket, row[0]);
        var bytes = new MemoryStream();
        await stored.ResponseStream.CopyToAsync(bytes);
        Assert.Equal(long.Parse(row[1], System.Globalization.CultureInfo.InvariantCulture), bytes.Length);
        Assert.Equal("KNYS"u8.ToArray(), bytes.ToArray()[..4]);
        Assert.True(bytes.ToArray().AsSpan().IndexOf(png.AsSpan(200, 32)) < 0, "the original bytes are in the bucket in clear");
        Assert.Equal(png, await (await doctor.GetAsync($"/api/v1/documents/{id}/download")).Content.ReadAsByteArrayAsync());
    }

    /// <summary>
    /// The object never appears. (Whether the parts are aborted cannot be seen here: s3rver implements neither
    /// AbortMultipartUpload nor ListMultipartUploads; the store logs the failed abort, and on S3 a lifecycle rule
    /// removes what is left.)
    /// </summary>
    [Fact]
    public async Task An_abandoned_write_of_several_parts_never_becomes_an_object()
    {
        var key = BlobKeys.New();
        await using (var write = await Store.BeginWriteAsync(key, default))
        {
            await write.Stream.WriteAsync(new byte[11 * 1024 * 1024]); // two full parts uploaded, a third begun
        }
        Assert.Null(await Store.OpenReadAsync(key, default));
        Assert.DoesNotContain(key, app.StoredKeys());
    }

    [Fact]
    public async Task The_sweep_removes_objects_no_document_names_once_past_the_grace_period()
    {
        var patient = (await Clinic.NewPatientAsync(app)).GetProperty("id").GetInt32();
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var live = await (await DocumentTests.UploadAsync(doctor, patient, "imaging", TestFiles.Png(Random.Shared.Next()), "x.png")).AssertOk(HttpStatusCode.Created);
        var liveKey = (await app.RawRowAsync($"SELECT storage_key FROM documents WHERE id = {live.GetProperty("id").GetInt32()}")).Single();
        // What a process killed between storing the file and committing its row leaves behind.
        var orphan = BlobKeys.New();
        await using (var write = await Store.BeginWriteAsync(orphan, default))
        {
            await write.Stream.WriteAsync(new byte[] { 1, 2, 3 });
            await write.CommitAsync(default);
        }
        var housekeeping = app.Service(sp => sp.GetRequiredService<DocumentHousekeeping>());

        // S3 dates objects by the real clock: the app's clock is brought to it, then past the grace period.
        app.Factory.Clock.SetUtcNow(DateTimeOffset.UtcNow.AddMinutes(1));
        await housekeeping.RunAsync(default);
        Assert.Contains(orphan, app.StoredKeys());
        app.Factory.Clock.Advance(TimeSpan.FromHours(2));
        await housekeeping.RunAsync(default);
        Assert.DoesNotContain(orphan, app.StoredKeys());
        Assert.Contains(liveKey, app.StoredKeys());
    }
}
