using KeneyApp.Platform.Storage;

namespace KeneyApp.Tests.Platform.Storage;

/// <summary>A file becomes visible only when its write commits; an abandoned write leaves nothing.</summary>
public sealed class LocalBlobStoreTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("keneyapp-blobs-");

    [Fact]
    public async Task A_committed_write_reads_back_owner_only_and_an_abandoned_one_leaves_nothing()
    {
        var store = new LocalBlobStore(_folder.FullName);
        var key = BlobKeys.New();
        await using (var write = await store.BeginWriteAsync(key, default))
        {
            await write.Stream.WriteAsync("sealed bytes"u8.ToArray());
            Assert.Null(await store.OpenReadAsync(key, default)); // not visible before the commit
            await write.CommitAsync(default);
        }
        var read = await store.OpenReadAsync(key, default);
        Assert.NotNull(read);
        await using (read.Content)
        {
            Assert.Equal(12, read.Length);
        }
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_folder.FullName, key)));
        }

        var abandoned = BlobKeys.New();
        await using (var write = await store.BeginWriteAsync(abandoned, default))
        {
            await write.Stream.WriteAsync(new byte[100]);
        }
        Assert.Null(await store.OpenReadAsync(abandoned, default));
        Assert.Equal([key], await store.ListAsync(default).Select(o => o.Key).ToListAsync());

        await store.DeleteAsync(key, default);
        Assert.Null(await store.OpenReadAsync(key, default));
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("resultats.pdf")]
    [InlineData("ABCDEF0123456789ABCDEF0123456789")]
    public async Task Only_random_keys_name_files(string key)
    {
        var store = new LocalBlobStore(_folder.FullName);
        await Assert.ThrowsAsync<ArgumentException>(() => store.BeginWriteAsync(key, default));
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
