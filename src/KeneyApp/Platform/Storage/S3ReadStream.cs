using Amazon.S3;
using Amazon.S3.Model;

namespace KeneyApp.Platform.Storage;

/// <summary>
/// An S3 object as a seekable read-only stream, read by ranged GETs: the first asks for 256 KiB from the current
/// position, and each that the reader reads through to its end is followed by one twice as long (up to 16 MiB), so
/// a download makes a dozen requests while a reader that seeks about (a parser, a range) fetches little it skips.
/// A range is read to its end before the next, so its connection goes back to the pool.
/// </summary>
internal sealed class S3ReadStream(IAmazonS3 s3, string bucket, string key, long length) : Stream
{
    private const long FirstSpan = 256 * 1024;
    private const long MaxSpan = 16 * 1024 * 1024;

    private GetObjectResponse? _response;
    private Stream? _body;
    private long _bodyPosition = -1;
    private long _bodyEnd = -1;
    private long _span = FirstSpan;
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => length + offset,
    };

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= length || buffer.Length == 0)
        {
            return 0;
        }
        var body = await BodyAsync(cancellationToken);
        return Advance(await body.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _bodyEnd - _position)], cancellationToken));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Synchronous reads for the parsers that have no asynchronous path (ZIP, PDF, images, DICOM).</summary>
    public override int Read(Span<byte> buffer)
    {
        if (_position >= length || buffer.Length == 0)
        {
            return 0;
        }
        var body = BodyAsync(CancellationToken.None).GetAwaiter().GetResult();
        return Advance(body.Read(buffer[..(int)Math.Min(buffer.Length, _bodyEnd - _position)]));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    private int Advance(int read)
    {
        if (read == 0)
        {
            throw new EndOfStreamException("The stored object ended before its length.");
        }
        _position += read;
        _bodyPosition += read;
        return read;
    }

    private async Task<Stream> BodyAsync(CancellationToken ct)
    {
        var continuing = _body is not null && _bodyPosition == _position;
        if (continuing && _position < _bodyEnd)
        {
            return _body!;
        }
        _span = continuing ? Math.Min(_span * 2, MaxSpan) : FirstSpan;
        CloseBody();
        var end = Math.Min(length, _position + _span);
        _response = await s3.GetObjectAsync(new GetObjectRequest
        {
            BucketName = bucket,
            Key = key,
            ByteRange = new ByteRange(_position, end - 1),
        }, ct);
        (_bodyPosition, _bodyEnd) = (_position, end);
        return _body = _response.ResponseStream;
    }

    private void CloseBody()
    {
        _body?.Dispose();
        _response?.Dispose();
        (_body, _response) = (null, null);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            CloseBody();
        }
        base.Dispose(disposing);
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
