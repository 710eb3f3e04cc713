using System.Net;
using KeneyApp.IntegrationTests.Infrastructure;

namespace KeneyApp.IntegrationTests.Features.Documents;

/// <summary>With CLAMAV_HOST set, every upload goes through a real clamd before it is kept.</summary>
public abstract class VirusScanTests(AppFixture app)
{
    [Fact]
    public async Task EICAR_is_refused_with_422_and_nothing_is_kept_while_a_clean_file_passes()
    {
        var patient = (await Clinic.NewPatientAsync(app)).GetProperty("id").GetInt32();
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var folder = Path.Combine(app.Factory.DataDir, "documents");
        var clean = await (await DocumentTests.UploadAsync(doctor, patient, "other", TestFiles.Pdf("propre " + Guid.NewGuid()), "propre.pdf"))
            .AssertOk(HttpStatusCode.Created);
        Assert.Equal("ready", clean.GetProperty("status").GetString());
        var before = Directory.GetFiles(folder);

        var infected = await (await DocumentTests.UploadAsync(doctor, patient, "other", Clamd.Eicar, "eicar.txt", "text/plain"))
            .AssertProblem(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("infected", infected.GetProperty("processing_error").GetString());
        Assert.Equal("failed", infected.GetProperty("document_status").GetString());
        Assert.Equal(before, Directory.GetFiles(folder));
        var list = await doctor.GetAsync($"/api/v1/documents/patient/{patient}");
        Assert.Equal("1", list.Headers.GetValues("X-Total-Count").Single());
    }
}

public sealed class VirusScanTestsOnSqlite(SqliteAppWithClamAv app) : VirusScanTests(app), IClassFixture<SqliteAppWithClamAv>;

public sealed class VirusScanTestsOnPostgres(PostgresAppWithClamAv app) : VirusScanTests(app), IClassFixture<PostgresAppWithClamAv>;

/// <summary>Scanning configured but clamd unreachable: the upload fails cleanly, never stored unscanned.</summary>
public sealed class ScannerDownTests(SqliteAppWithClamAvDown app) : IClassFixture<SqliteAppWithClamAvDown>
{
    [Fact]
    public async Task An_upload_is_503_and_nothing_is_kept_when_the_scanner_cannot_be_reached()
    {
        var patient = (await Clinic.NewPatientAsync(app)).GetProperty("id").GetInt32();
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var problem = await (await DocumentTests.UploadAsync(doctor, patient, "other", TestFiles.Pdf("x " + Guid.NewGuid()), "x.pdf"))
            .AssertProblem(HttpStatusCode.ServiceUnavailable);
        Assert.Contains("virus scanner", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var folder = Path.Combine(app.Factory.DataDir, "documents");
        Assert.Empty(Directory.Exists(folder) ? Directory.GetFiles(folder) : []);
    }
}

/// <summary>A scanner that fails in the middle of a file: the upload is 503 within the scan timeout, nothing kept.</summary>
public abstract class ScannerFailingMidFileTests(AppFixture app)
{
    [Fact]
    public async Task An_upload_is_503_and_nothing_is_kept_when_the_scanner_stops_in_the_middle_of_the_file()
    {
        var patient = (await Clinic.NewPatientAsync(app)).GetProperty("id").GetInt32();
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        // 30 MB: more than the sockets' buffers hold, so a scanner that stops reading blocks the upload's writes.
        var text = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat($"Compte rendu {Guid.NewGuid()}.\n", 30 * 1024 * 1024 / 52)));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var problem = await (await DocumentTests.UploadAsync(doctor, patient, "other", text, "long.txt", "text/plain"))
            .AssertProblem(HttpStatusCode.ServiceUnavailable);
        Assert.Contains("virus scanner", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"the upload took {watch.Elapsed}");
        var folder = Path.Combine(app.Factory.DataDir, "documents");
        Assert.Empty(Directory.Exists(folder) ? Directory.GetFiles(folder) : []);
    }
}

public sealed class ScannerHungTests(SqliteAppWithHungClamAv app) : ScannerFailingMidFileTests(app), IClassFixture<SqliteAppWithHungClamAv>;

public sealed class ScannerHangingUpTests(SqliteAppWithClamAvHangingUp app) : ScannerFailingMidFileTests(app), IClassFixture<SqliteAppWithClamAvHangingUp>;
