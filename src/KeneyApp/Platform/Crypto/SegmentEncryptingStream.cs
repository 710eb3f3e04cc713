using System.Security.Cryptography;

namespace KeneyApp.Platform.Crypto;

/// <summary>
/// Write-only stream that encrypts what is written to it into <paramref name="output"/>, a segment at a time
/// (<see cref="SegmentedAead"/>). Only <see cref="CompleteAsync"/> seals the last segment: a stream disposed without
/// it (the upload failed half-way) leaves a file that never decrypts, never a valid shorter one.
/// </summary>
public sealed class SegmentEncryptingStream(Stream output, ReadOnlyMemory<byte> fileKey, ReadOnlyMemory<byte> associatedData) : Stream
{
    private readonly AesGcm _cipher = new(fileKey.Span, SegmentedAead.TagSize);
    private readonly byte[] _plain = new byte[SegmentedAead.SegmentSize];
    private readonly byte[] _sealed = new byte[SegmentedAead.SealedSegmentSize];
    private byte[]? _noncePrefix;
    private int _filled;
    private long _segment;
    private bool _completed;

    public long PlaintextLength { get; private set; }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        await EnsureHeaderAsync(cancellationToken);
        while (!buffer.IsEmpty)
        {
            // A full segment is sealed only when more bytes come: until then it may be the last one.
            if (_filled == SegmentedAead.SegmentSize)
            {
                await SealAsync(last: false, cancellationToken);
            }
            var take = Math.Min(buffer.Length, SegmentedAead.SegmentSize - _filled);
            buffer[..take].CopyTo(_plain.AsMemory(_filled));
            _filled += take;
            PlaintextLength += take;
            buffer = buffer[take..];
        }
    }

    /// <summary>Seals the last segment and flushes: the file is whole only after this.</summary>
    public async Task CompleteAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        await EnsureHeaderAsync(ct);
        await SealAsync(last: true, ct);
        await output.FlushAsync(ct);
        _completed = true;
    }

    private async ValueTask EnsureHeaderAsync(CancellationToken ct)
    {
        if (_noncePrefix is null)
        {
            await output.WriteAsync(SegmentedAead.NewHeader(out _noncePrefix), ct);
        }
    }

    private async ValueTask SealAsync(bool last, CancellationToken ct)
    {
        Span<byte> nonce = stackalloc byte[Aead.NonceSize];
        SegmentedAead.Nonce(nonce, _noncePrefix, _segment, last);
        _cipher.Encrypt(nonce, _plain.AsSpan(0, _filled), _sealed.AsSpan(0, _filled), _sealed.AsSpan(_filled, SegmentedAead.TagSize),
            associatedData.Span);
        await output.WriteAsync(_sealed.AsMemory(0, _filled + SegmentedAead.TagSize), ct);
        _segment++;
        _filled = 0;
    }

    // Asynchronous only: a file upload never holds a thread while it waits on the network or the disk.
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("Write asynchronously.");
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    public override void Flush() { }
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => !_completed;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => PlaintextLength; set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _cipher.Dispose();
            CryptographicOperations.ZeroMemory(_plain);
        }
        base.Dispose(disposing);
    }
}
