using System.Security.Cryptography;

namespace KeneyApp.Platform.Crypto;

/// <summary>
/// Read-only stream over a file that <see cref="SegmentEncryptingStream"/> wrote: it decrypts one segment at a time
/// and, over a seekable source, seeks (a range request reads only the segments it needs). Any segment that does
/// not authenticate, including a last segment that was not sealed as the last, is a
/// <see cref="DecryptionFailedException"/>: the stored bytes are never handed out instead.
/// </summary>
public sealed class SegmentDecryptingStream : Stream
{
    private readonly Stream _source;
    private readonly AesGcm _cipher;
    private readonly ReadOnlyMemory<byte> _associatedData;
    private readonly byte[] _noncePrefix;
    private readonly long _segmentCount;
    private readonly byte[] _sealed = new byte[SegmentedAead.SealedSegmentSize];
    private readonly byte[] _plain = new byte[SegmentedAead.SegmentSize];
    private long _loadedSegment = -1;
    private int _loadedLength;
    private long _position;

    private SegmentDecryptingStream(Stream source, ReadOnlySpan<byte> fileKey, ReadOnlyMemory<byte> associatedData, byte[] noncePrefix, long length)
    {
        _source = source;
        _cipher = new AesGcm(fileKey, SegmentedAead.TagSize);
        _associatedData = associatedData;
        _noncePrefix = noncePrefix;
        Length = length;
        _segmentCount = Math.Max(1, (length + SegmentedAead.SegmentSize - 1) / SegmentedAead.SegmentSize);
    }

    /// <summary>
    /// Opens <paramref name="source"/>, positioned at the file's start, whose sealed length is
    /// <paramref name="sealedLength"/> (the stored object's size: a cut file is found from its length alone).
    /// </summary>
    /// <exception cref="DecryptionFailedException">Not a file of this format, or of no possible length.</exception>
    public static async Task<SegmentDecryptingStream> OpenAsync(Stream source, long sealedLength, ReadOnlyMemory<byte> fileKey,
        ReadOnlyMemory<byte> associatedData, CancellationToken ct)
    {
        var header = new byte[SegmentedAead.HeaderSize];
        try
        {
            await source.ReadExactlyAsync(header, ct);
        }
        catch (EndOfStreamException e)
        {
            throw new DecryptionFailedException("Not an encrypted file.", e);
        }
        var length = SegmentedAead.PlaintextLength(sealedLength);
        if (length < 0)
        {
            throw new DecryptionFailedException("Truncated encrypted file.");
        }
        return new SegmentDecryptingStream(source, fileKey.Span, associatedData, SegmentedAead.ReadHeader(header), length);
    }

    public override long Length { get; }

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override bool CanRead => true;
    public override bool CanSeek => _source.CanSeek;
    public override bool CanWrite => false;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (NextSegment(buffer.Length) is { } segment)
        {
            var length = Place(segment).Length;
            try
            {
                await _source.ReadExactlyAsync(_sealed.AsMemory(0, length), cancellationToken);
            }
            catch (EndOfStreamException e)
            {
                throw new DecryptionFailedException("Truncated encrypted file.", e);
            }
            Open(segment, length);
        }
        return CopyOut(buffer.Span);
    }

    // Synchronous reads too, for readers that have no asynchronous path (ZipArchive's central directory).
    public override int Read(Span<byte> buffer)
    {
        if (NextSegment(buffer.Length) is { } segment)
        {
            var length = Place(segment).Length;
            try
            {
                _source.ReadExactly(_sealed.AsSpan(0, length));
            }
            catch (EndOfStreamException e)
            {
                throw new DecryptionFailedException("Truncated encrypted file.", e);
            }
            Open(segment, length);
        }
        return CopyOut(buffer);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <summary>The segment to load before the next read can be answered, if any.</summary>
    private long? NextSegment(int wanted)
    {
        if (_position >= Length || wanted == 0)
        {
            // The end: an empty file's only segment is still checked, so an emptied file does not pass for one.
            return Length == 0 && _loadedSegment < 0 ? 0 : null;
        }
        var segment = _position / SegmentedAead.SegmentSize;
        return segment == _loadedSegment ? null : segment;
    }

    /// <summary>Positions the source at the segment and says how many sealed bytes it has.</summary>
    private (long At, int Length) Place(long segment)
    {
        var last = segment == _segmentCount - 1;
        var length = last ? (int)(Length - (segment * SegmentedAead.SegmentSize)) + SegmentedAead.TagSize : SegmentedAead.SealedSegmentSize;
        var at = SegmentedAead.HeaderSize + (segment * SegmentedAead.SealedSegmentSize);
        if (_source.CanSeek)
        {
            _source.Position = at;
        }
        else if (segment != _loadedSegment + 1)
        {
            throw new NotSupportedException("This source reads forward only.");
        }
        return (at, length);
    }

    private void Open(long segment, int sealedLength)
    {
        var plainLength = sealedLength - SegmentedAead.TagSize;
        Span<byte> nonce = stackalloc byte[Aead.NonceSize];
        SegmentedAead.Nonce(nonce, _noncePrefix, segment, last: segment == _segmentCount - 1);
        try
        {
            _cipher.Decrypt(nonce, _sealed.AsSpan(0, plainLength), _sealed.AsSpan(plainLength, SegmentedAead.TagSize),
                _plain.AsSpan(0, plainLength), _associatedData.Span);
        }
        catch (CryptographicException e)
        {
            _loadedSegment = -1;
            throw new DecryptionFailedException($"Segment {segment} of the file does not authenticate.", e);
        }
        _loadedSegment = segment;
        _loadedLength = plainLength;
    }

    private int CopyOut(Span<byte> buffer)
    {
        if (_position >= Length || buffer.IsEmpty)
        {
            return 0;
        }
        var offset = (int)(_position - (_loadedSegment * SegmentedAead.SegmentSize));
        var count = Math.Min(buffer.Length, _loadedLength - offset);
        _plain.AsSpan(offset, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        if (!CanSeek)
        {
            throw new NotSupportedException();
        }
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => Length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        _position = target;
        return _position;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _cipher.Dispose();
            CryptographicOperations.ZeroMemory(_plain);
            _source.Dispose();
        }
        base.Dispose(disposing);
    }
}
