using System.Net;
using System.Text;
using KeneyApp.IntegrationTests.Infrastructure;

namespace KeneyApp.IntegrationTests.Features.Documents;

/// <summary>
/// MAX_DOCUMENT_SIZE, counted while the file streams in: one byte more is 413, and nothing is kept: on the local
/// folder, and on S3 with a limit past the first part, so the refused file had begun a multipart upload.
/// </summary>
public abstract class DocumentSizeLimitTests(AppFixture app, int maxSize)
{
    [Fact]
    public async Task A_file_at_the_limit_is_kept_and_one_byte_more_is_413()
    {
        var patient = (await Clinic.NewPatientAsync(app)).GetProperty("id").GetInt32();
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var atLimit = Encoding.ASCII.GetBytes(new string('a', maxSize - 8) + Guid.NewGuid().ToString("N")[..8]);
        await (await DocumentTests.UploadAsync(doctor, patient, "other", atLimit, "note.txt")).AssertOk(HttpStatusCode.Created);

        var before = app.StoredKeys();
        byte[] tooLarge = [.. atLimit, (byte)'b'];
        var problem = await (await DocumentTests.UploadAsync(doctor, patient, "other", tooLarge, "note.txt")).AssertProblem(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains($"{maxSize} bytes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, app.StoredKeys());
    }
}

public sealed class DocumentSizeLimitTestsOnSqlite(SqliteAppWithSmallDocuments app)
    : DocumentSizeLimitTests(app, SqliteAppWithSmallDocuments.MaxSize), IClassFixture<SqliteAppWithSmallDocuments>;

public sealed class DocumentSizeLimitTestsOnS3(S3AppWithSmallDocuments app)
    : DocumentSizeLimitTests(app, S3AppWithSmallDocuments.MaxSize), IClassFixture<S3AppWithSmallDocuments>;

public sealed class SqliteAppWithSmallDocuments : AppFixture
{
    public const int MaxSize = 4096;

    protected override KeneyApp.Platform.Data.DatabaseProvider Provider => KeneyApp.Platform.Data.DatabaseProvider.Sqlite;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["MAX_DOCUMENT_SIZE"] = MaxSize.ToString(System.Globalization.CultureInfo.InvariantCulture) };
}

public sealed class S3AppWithSmallDocuments : S3AppFixture
{
    /// <summary>Past S3's 5 MiB first part: the refused file has begun a multipart upload, which must leave no object.</summary>
    public const int MaxSize = 6 * 1024 * 1024;

    protected override KeneyApp.Platform.Data.DatabaseProvider Provider => KeneyApp.Platform.Data.DatabaseProvider.Sqlite;

    protected override IReadOnlyDictionary<string, string?> MoreSettings => new Dictionary<string, string?> { ["MAX_DOCUMENT_SIZE"] = MaxSize.ToString(System.Globalization.CultureInfo.InvariantCulture) };
}
