using System.Buffers;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace KeneyApp.Platform.Storage;

/// <summary>
/// One object being written to S3: bytes gather in one part's buffer (a small one first); each full part is
/// uploaded as the next part of a multipart upload, started once the first part is full. The object appears at <see cref="CommitAsync"/> only; a
/// write disposed before that aborts its upload.
/// </summary>
internal sealed class S3Write(IAmazonS3 s3, string bucket, string key, int partSize, ILogger logger) : Stream, IBlobWrite
{
    /// <summary>What a write holds until it proves larger: previews and small files never take a whole part's buffer.</summary>
    private const int FirstBuffer = 128 * 1024;

    private readonly List<PartETag> _parts = [];
    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(partSize, FirstBuffer));
    private int _buffered;
    private long _written;
    private string? _uploadId;
    private bool _committed;

    public Stream Stream => this;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => _written;

    public override long Position
    {
        get => _written;
        set => throw new NotSupportedException();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (buffer.Length > 0)
        {
            if (_buffered == Capacity)
            {
                Grow();
            }
            var buffering = Math.Min(buffer.Length, Capacity - _buffered);
            buffer[..buffering].CopyTo(Buffer.AsMemory(_buffered));
            _buffered += buffering;
            _written += buffering;
            buffer = buffer[buffering..];
            if (_buffered == partSize)
            {
                await UploadPartAsync(cancellationToken);
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public async Task CommitAsync(CancellationToken ct)
    {
        if (_uploadId is null)
        {
            // Smaller than a part: one PUT.
            using var content = new MemoryStream(Buffer, 0, _buffered, writable: false);
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = content, UseChunkEncoding = false, AutoCloseStream = false }, ct);
        }
        else
        {
            if (_buffered > 0)
            {
                await UploadPartAsync(ct);
            }
            await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = bucket,
                Key = key,
                UploadId = _uploadId,
                PartETags = _parts,
            }, ct);
        }
        _committed = true;
        ReturnBuffer();
    }

    public override async ValueTask DisposeAsync()
    {
        ReturnBuffer();
        if (!_committed && _uploadId is not null)
        {
            try
            {
                // Not cancellable: the request that owned the write may itself have been cancelled.
                await s3.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = _uploadId }, CancellationToken.None);
            }
            catch (AmazonServiceException e)
            {
                // The parts stay invisible (no object exists); the bucket's AbortIncompleteMultipartUpload rule removes them.
                logger.LogWarning("An abandoned multipart upload could not be aborted: {ErrorCode} ({StatusCode})", e.ErrorCode, (int)e.StatusCode);
            }
            _uploadId = null;
        }
        await base.DisposeAsync();
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    private byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(S3Write));

    private int Capacity => Math.Min(partSize, Buffer.Length);

    /// <summary>From the first small buffer to a whole part's.</summary>
    private void Grow()
    {
        var larger = ArrayPool<byte>.Shared.Rent(partSize);
        Buffer.AsSpan(0, _buffered).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(Buffer);
        _buffer = larger;
    }

    private async Task UploadPartAsync(CancellationToken ct)
    {
        _uploadId ??= (await s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = key }, ct)).UploadId;
        using var content = new MemoryStream(Buffer, 0, _buffered, writable: false);
        var part = await s3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = bucket,
            Key = key,
            UploadId = _uploadId,
            PartNumber = _parts.Count + 1,
            InputStream = content,
            PartSize = _buffered,
            UseChunkEncoding = false,
        }, ct);
        _parts.Add(new PartETag(_parts.Count + 1, part.ETag));
        _buffered = 0;
    }

    private void ReturnBuffer()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
    }
}
