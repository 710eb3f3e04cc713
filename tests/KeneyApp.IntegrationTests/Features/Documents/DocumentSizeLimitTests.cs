using System.Net;
using System.Text;
using KeneyApp.IntegrationTests.Infrastructure;

namespace KeneyApp.IntegrationTests.Features.Documents;

/// <summary>MAX_DOCUMENT_SIZE, counted while the file streams in: one byte more is 413, and nothing is kept.</summary>
public sealed class DocumentSizeLimitTests(SqliteAppWithSmallDocuments app) : IClassFixture<SqliteAppWithSmallDocuments>
{
    [Fact]
    public async Task A_file_at_the_limit_is_kept_and_one_byte_more_is_413()
    {
        var patient = (await Clinic.NewPatientAsync(app)).GetProperty("id").GetInt32();
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var atLimit = Encoding.ASCII.GetBytes(new string('a', SqliteAppWithSmallDocuments.MaxSize - 8) + Guid.NewGuid().ToString("N")[..8]);
        await (await DocumentTests.UploadAsync(doctor, patient, "other", atLimit, "note.txt")).AssertOk(HttpStatusCode.Created);

        var folder = Path.Combine(app.Factory.DataDir, "documents");
        var before = Directory.GetFiles(folder);
        var tooLarge = (byte[])atLimit.Clone();
        tooLarge = [.. tooLarge, (byte)'b'];
        var problem = await (await DocumentTests.UploadAsync(doctor, patient, "other", tooLarge, "note.txt")).AssertProblem(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains($"{SqliteAppWithSmallDocuments.MaxSize} bytes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, Directory.GetFiles(folder));
    }
}

public sealed class SqliteAppWithSmallDocuments : AppFixture
{
    public const int MaxSize = 4096;

    protected override KeneyApp.Platform.Data.DatabaseProvider Provider => KeneyApp.Platform.Data.DatabaseProvider.Sqlite;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["MAX_DOCUMENT_SIZE"] = MaxSize.ToString(System.Globalization.CultureInfo.InvariantCulture) };
}
