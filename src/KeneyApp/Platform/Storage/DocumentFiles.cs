using System.Security.Cryptography;
using KeneyApp.Platform.Crypto;

namespace KeneyApp.Platform.Storage;

/// <summary>
/// A document's file in the store: encrypted on the way in with a key of its own, wrapped by the clinic's active
/// data key, and decrypted on the way out. Neither the file key nor the stored bytes leave this class. Here, not in
/// the documents feature, because shared records stream documents too.
/// </summary>
public sealed class DocumentFiles(IBlobStore store, KeyRing keys)
{
    /// <summary>A new file being written: its random storage key, its wrapped key, and the stream that encrypts into the store.</summary>
    public sealed class NewFile(string storageKey, int encryptionKeyId, byte[] wrappedKey, IBlobWrite write, SegmentEncryptingStream encrypting) : IAsyncDisposable
    {
        public string StorageKey => storageKey;
        public int EncryptionKeyId => encryptionKeyId;
        public byte[] WrappedFileKey => wrappedKey;
        public Stream Plaintext => encrypting;
        public long SealedLength { get; private set; }

        /// <summary>Seals the last segment and makes the file durable and visible under its key.</summary>
        public async Task CommitAsync(CancellationToken ct)
        {
            await encrypting.CompleteAsync(ct);
            SealedLength = write.Stream.Position;
            await write.CommitAsync(ct);
        }

        public async ValueTask DisposeAsync()
        {
            await encrypting.DisposeAsync();
            await write.DisposeAsync();
        }
    }

    public async Task<NewFile> CreateAsync(int tenantId, CancellationToken ct)
    {
        var storageKey = BlobKeys.New();
        var (keyId, dataKey) = await keys.ActiveKeyAsync(tenantId, ct);
        var fileKey = RandomNumberGenerator.GetBytes(Aead.KeySize);
        var wrapped = Aead.Seal(dataKey, fileKey, Document.FileKeyContext(tenantId, storageKey));
        var write = await store.BeginWriteAsync(storageKey, ct);
        var encrypting = new SegmentEncryptingStream(write.Stream, fileKey, Document.FileContext(tenantId, storageKey));
        CryptographicOperations.ZeroMemory(fileKey);
        return new NewFile(storageKey, keyId, wrapped, write, encrypting);
    }

    /// <summary>The decrypted content, seekable for ranges; null when the stored file is missing.</summary>
    /// <exception cref="DecryptionFailedException">The stored file or its key does not authenticate.</exception>
    public Task<SegmentDecryptingStream?> OpenAsync(Document document, CancellationToken ct) =>
        OpenAsync(document.TenantId, document.StorageKey, document.EncryptionKeyId, document.WrappedFileKey, ct);

    public Task<SegmentDecryptingStream?> OpenAsync(int tenantId, string storageKey, int encryptionKeyId, byte[] wrappedFileKey, CancellationToken ct) =>
        OpenSealedAsync(tenantId, storageKey, Document.FileContext(tenantId, storageKey), storageKey, encryptionKeyId, wrappedFileKey, ct);

    /// <summary>The decrypted preview image, or null when the document has none.</summary>
    public Task<SegmentDecryptingStream?> OpenPreviewAsync(Document document, CancellationToken ct) =>
        document.PreviewStorageKey is { } previewKey
            ? OpenSealedAsync(document.TenantId, previewKey, Document.PreviewContext(document.TenantId, previewKey), document.StorageKey,
                document.EncryptionKeyId, document.WrappedFileKey, ct)
            : Task.FromResult<SegmentDecryptingStream?>(null);

    /// <summary>Stores a preview image beside a file, under <paramref name="previewKey"/>, encrypted under the file's own key.</summary>
    public async Task StorePreviewAsync(int tenantId, NewFile file, byte[] image, string previewKey, CancellationToken ct)
    {
        var fileKey = await UnwrapAsync(tenantId, file.StorageKey, file.EncryptionKeyId, file.WrappedFileKey, ct);
        try
        {
            await using var write = await store.BeginWriteAsync(previewKey, ct);
            await using (var encrypting = new SegmentEncryptingStream(write.Stream, fileKey, Document.PreviewContext(tenantId, previewKey)))
            {
                await encrypting.WriteAsync(image, ct);
                await encrypting.CompleteAsync(ct);
            }
            await write.CommitAsync(ct);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(fileKey);
        }
    }

    private async Task<byte[]> UnwrapAsync(int tenantId, string storageKey, int encryptionKeyId, byte[] wrappedFileKey, CancellationToken ct)
    {
        var dataKey = await keys.KeyByIdAsync(encryptionKeyId, tenantId, ct);
        return Aead.Open(dataKey, wrappedFileKey, Document.FileKeyContext(tenantId, storageKey));
    }

    private async Task<SegmentDecryptingStream?> OpenSealedAsync(int tenantId, string blobKey, byte[] context, string storageKey, int encryptionKeyId,
        byte[] wrappedFileKey, CancellationToken ct)
    {
        var fileKey = await UnwrapAsync(tenantId, storageKey, encryptionKeyId, wrappedFileKey, ct);
        try
        {
            var stored = await store.OpenReadAsync(blobKey, ct);
            if (stored is null)
            {
                return null;
            }
            try
            {
                return await SegmentDecryptingStream.OpenAsync(stored.Content, stored.Length, fileKey, context, ct);
            }
            catch
            {
                await stored.Content.DisposeAsync();
                throw;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(fileKey);
        }
    }

    public Task DeleteAsync(string storageKey, CancellationToken ct) => store.DeleteAsync(storageKey, ct);
}
