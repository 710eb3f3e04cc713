using System.Net;
using KeneyApp.Domain;
using KeneyApp.Features.Documents;
using KeneyApp.IntegrationTests.Infrastructure;
using KeneyApp.Platform.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KeneyApp.IntegrationTests.Features.Documents;

/// <summary>
/// The purge of archived files past the retention period, and the sweep of files no document names (what an upload
/// killed half-way leaves behind), on each database.
/// </summary>
public abstract class DocumentHousekeepingTests(AppFixture app)
{
    private string Folder => Path.Combine(app.Factory.DataDir, "documents");

    private async Task<(int Id, string StorageKey)> UploadAsync(HttpClient client, int patient)
    {
        var created = await (await DocumentTests.UploadAsync(client, patient, "imaging", TestFiles.Png(Random.Shared.Next()), "x.png"))
            .AssertOk(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        return (id, (await app.RawRowAsync($"SELECT storage_key FROM documents WHERE id = {id}")).Single());
    }

    private string Stray(TimeSpan age, bool partial)
    {
        var path = Path.Combine(Folder, BlobKeys.New() + (partial ? ".partial" : ""));
        File.WriteAllBytes(path, [1, 2, 3]);
        File.SetLastWriteTimeUtc(path, app.Factory.Clock.GetUtcNow().UtcDateTime - age);
        return path;
    }

    [Fact]
    public async Task Archived_files_past_retention_and_old_orphans_are_removed_and_nothing_else()
    {
        var patient = (await Clinic.NewPatientAsync(app)).GetProperty("id").GetInt32();
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var live = await UploadAsync(doctor, patient);
        var recentlyArchived = await UploadAsync(doctor, patient);
        var longArchived = await UploadAsync(doctor, patient);
        Assert.Equal(HttpStatusCode.NoContent, (await doctor.DeleteAsync($"/api/v1/documents/{recentlyArchived.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await doctor.DeleteAsync($"/api/v1/documents/{longArchived.Id}")).StatusCode);
        var longAgo = app.Factory.Clock.GetUtcNow().UtcDateTime.AddDays(-31);
        await app.Db(null, db => db.Set<Document>().IgnoreQueryFilters().Where(d => d.Id == longArchived.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.DeletedAt, longAgo)));
        var killedUpload = Stray(TimeSpan.FromHours(2), partial: true);
        var rowNeverWritten = Stray(TimeSpan.FromHours(2), partial: false);
        var uploadInProgress = Stray(TimeSpan.FromMinutes(1), partial: true);

        await app.Service(sp => sp.GetRequiredService<DocumentHousekeeping>()).RunAsync(default);

        Assert.True(File.Exists(Path.Combine(Folder, live.StorageKey)));
        Assert.True(File.Exists(Path.Combine(Folder, recentlyArchived.StorageKey)));
        Assert.False(File.Exists(Path.Combine(Folder, longArchived.StorageKey)));
        Assert.NotEqual("", (await app.RawRowAsync($"SELECT COALESCE(CAST(file_purged_at AS TEXT), '') FROM documents WHERE id = {longArchived.Id}")).Single());
        Assert.False(File.Exists(killedUpload));
        Assert.False(File.Exists(rowNeverWritten));
        Assert.True(File.Exists(uploadInProgress));
        var download = await doctor.GetAsync($"/api/v1/documents/{live.Id}/download");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
    }
}

public abstract class DocumentHousekeepingClaimTests(AppFixture app)
{
    private string Folder => Path.Combine(app.Factory.DataDir, "documents");

    private Task<int> ClaimsAsync() => app.Db(null, db => db.Set<UploadInProgress>().CountAsync());

    [Fact]
    public async Task An_upload_in_progress_is_never_swept_however_old_its_file_looks_until_its_claim_is_a_day_old()
    {
        var now = app.Factory.Clock.GetUtcNow().UtcDateTime;
        string Stray(string key)
        {
            var path = Path.Combine(Folder, key);
            File.WriteAllBytes(path, [1, 2, 3]);
            File.SetLastWriteTimeUtc(path, now.AddHours(-2));
            return path;
        }
        var (writing, dead) = (BlobKeys.New(), BlobKeys.New());
        var (writingFile, deadFile) = (Stray(writing), Stray(dead));
        await app.Db(null, async db =>
        {
            db.AddRange(new UploadInProgress { StorageKey = writing, StartedAt = now.AddHours(-3) },
                new UploadInProgress { StorageKey = dead, StartedAt = now.AddHours(-25) });
            return await db.SaveChangesAsync();
        });

        await app.Service(sp => sp.GetRequiredService<DocumentHousekeeping>()).RunAsync(default);

        Assert.True(File.Exists(writingFile));
        Assert.False(File.Exists(deadFile));
        Assert.Equal(1, await ClaimsAsync());
        await app.Db(null, db => db.Set<UploadInProgress>().ExecuteDeleteAsync());
    }

    [Fact]
    public async Task An_upload_releases_its_claims_whether_it_is_kept_or_refused()
    {
        var patient = (await Clinic.NewPatientAsync(app)).GetProperty("id").GetInt32();
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        await (await DocumentTests.UploadAsync(doctor, patient, "imaging", TestFiles.Png(Random.Shared.Next(), 800, 600), "x.png")).AssertOk(HttpStatusCode.Created);
        await (await DocumentTests.UploadAsync(doctor, patient, "imaging", TestFiles.Pdf("x"), "x.png")).AssertProblem(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(0, await ClaimsAsync());
    }
}

public sealed class DocumentHousekeepingClaimTestsOnSqlite(SqliteApp app) : DocumentHousekeepingClaimTests(app), IClassFixture<SqliteApp>;

public sealed class DocumentHousekeepingClaimTestsOnPostgres(PostgresApp app) : DocumentHousekeepingClaimTests(app), IClassFixture<PostgresApp>;

public sealed class DocumentHousekeepingTestsOnSqlite(SqliteApp app) : DocumentHousekeepingTests(app), IClassFixture<SqliteApp>;

public sealed class DocumentHousekeepingTestsOnPostgres(PostgresApp app) : DocumentHousekeepingTests(app), IClassFixture<PostgresApp>;
