namespace KeneyApp.IntegrationTests.Infrastructure;

/// <summary>
/// A SQLite database file of a test's own under the temp folder, deleted with its journal files on dispose.
/// Pooled connections may still hold it open: Linux unlinks it anyway, and frees it when they close.
/// </summary>
public sealed class TempSqliteFile(string prefix) : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        foreach (var file in new[] { Path, Path + "-wal", Path + "-shm", Path + "-journal" })
        {
            File.Delete(file);
        }
    }
}
