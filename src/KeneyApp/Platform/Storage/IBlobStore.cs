namespace KeneyApp.Platform.Storage;

/// <summary>
/// Where document files live: a local folder by default, an S3-compatible bucket by configuration. Callers store
/// only encrypted bytes, under random keys. A new object is invisible until <see cref="IBlobWrite.CommitAsync"/>;
/// an abandoned write leaves nothing under its key.
/// </summary>
public interface IBlobStore
{
    Task<IBlobWrite> BeginWriteAsync(string key, CancellationToken ct);

    /// <summary>The object's bytes (seekable where the store allows it), or null when there is none.</summary>
    Task<BlobRead?> OpenReadAsync(string key, CancellationToken ct);

    /// <summary>Deletes the object and any partial write under the key.</summary>
    Task DeleteAsync(string key, CancellationToken ct);

    /// <summary>The key of every object and partial write, with when it was last written (for the sweep of orphans).</summary>
    IAsyncEnumerable<(string Key, DateTimeOffset LastWritten)> ListAsync(CancellationToken ct);
}

public interface IBlobWrite : IAsyncDisposable
{
    Stream Stream { get; }

    /// <summary>Makes the written bytes durable and visible under the key.</summary>
    Task CommitAsync(CancellationToken ct);
}

public sealed record BlobRead(Stream Content, long Length);

/// <summary>Random object keys: never built from a user's file name.</summary>
public static class BlobKeys
{
    public static string New() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    public static bool IsValid(string key) => key.Length == 32 && key.All(char.IsAsciiHexDigitLower);
}
