namespace KeneyApp.Platform.Storage;

/// <summary>
/// Objects as files under one folder (<c>DOCUMENTS_UPLOAD_DIR</c>, default <c>data/documents</c>), owner-only. A write
/// goes to <c>{key}.partial</c>, is flushed to the disk, then renamed to <c>{key}</c>: a reader never sees half a
/// file, and a crash leaves only a partial, which the sweep removes.
/// </summary>
public sealed class LocalBlobStore(string folder) : IBlobStore
{
    private const string Partial = ".partial";

    public Task<IBlobWrite> BeginWriteAsync(string key, CancellationToken ct)
    {
        var partial = PathOf(key) + Partial;
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Options = FileOptions.Asynchronous,
            BufferSize = 0,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        return Task.FromResult<IBlobWrite>(new LocalWrite(new FileStream(partial, options), partial, PathOf(key)));
    }

    public Task<BlobRead?> OpenReadAsync(string key, CancellationToken ct)
    {
        var path = PathOf(key);
        if (!File.Exists(path))
        {
            return Task.FromResult<BlobRead?>(null);
        }
        // Unbuffered: the reader asks for whole segments, so a FileStream buffer would only add a copy.
        var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
            BufferSize = 0,
        });
        return Task.FromResult<BlobRead?>(new BlobRead(stream, stream.Length));
    }

    public Task DeleteAsync(string key, CancellationToken ct)
    {
        File.Delete(PathOf(key));
        File.Delete(PathOf(key) + Partial);
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<(string Key, DateTimeOffset LastWritten)> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await Task.Yield();
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles())
        {
            ct.ThrowIfCancellationRequested();
            var name = file.Name.EndsWith(Partial, StringComparison.Ordinal) ? file.Name[..^Partial.Length] : file.Name;
            if (BlobKeys.IsValid(name))
            {
                yield return (name, file.LastWriteTimeUtc);
            }
        }
    }

    private string PathOf(string key) =>
        BlobKeys.IsValid(key) ? Path.Combine(folder, key) : throw new ArgumentException("Not a storage key.", nameof(key));

    private sealed class LocalWrite(FileStream file, string partial, string final) : IBlobWrite
    {
        private bool _committed;

        public Stream Stream => file;

        public async Task CommitAsync(CancellationToken ct)
        {
            await file.FlushAsync(ct);
            file.Flush(flushToDisk: true);
            await file.DisposeAsync();
            File.Move(partial, final);
            _committed = true;
        }

        public async ValueTask DisposeAsync()
        {
            await file.DisposeAsync();
            if (!_committed)
            {
                File.Delete(partial);
            }
        }
    }
}
