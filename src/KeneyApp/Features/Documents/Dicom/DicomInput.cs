namespace KeneyApp.Features.Documents.Dicom;

/// <summary>
/// Forward reading of a DICOM stream through a small buffer: a file's header is hundreds of tiny fields, each one
/// a read of a few bytes. Values that are not wanted are skipped (by seeking when the stream allows it), never read
/// into memory; every byte read counts against <paramref name="budget"/>, so a deflated file cannot expand forever.
/// </summary>
internal sealed class DicomInput(Stream stream, long budget)
{
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;
    private long _consumed;

    /// <summary>Bytes consumed so far, from where this input started.</summary>
    public long Position => _consumed;

    public Stream Stream => stream;

    /// <summary>Whether the stream has ended exactly here.</summary>
    public bool AtEnd => !Fill(1);

    /// <summary>The next <paramref name="count"/> bytes without consuming them, or an empty span at the end.</summary>
    public ReadOnlySpan<byte> Peek(int count) => Fill(count) ? _buffer.AsSpan(_start, count) : [];

    /// <summary>The next <paramref name="count"/> bytes (at most the buffer's size); throws at the end of the stream.</summary>
    public ReadOnlySpan<byte> Read(int count)
    {
        if (!Fill(count))
        {
            throw new DicomTruncatedException();
        }
        var bytes = _buffer.AsSpan(_start, count);
        Consume(count);
        return bytes;
    }

    /// <summary>Fills <paramref name="destination"/> entirely; throws at the end of the stream.</summary>
    public void ReadInto(Span<byte> destination)
    {
        while (destination.Length > 0)
        {
            var chunk = Math.Min(destination.Length, _buffer.Length);
            Read(chunk).CopyTo(destination);
            destination = destination[chunk..];
        }
    }

    public void Skip(long count)
    {
        var buffered = Math.Min(count, _end - _start);
        Consume((int)buffered);
        count -= buffered;
        if (count == 0)
        {
            return;
        }
        if (stream.CanSeek)
        {
            if (stream.Position + count > stream.Length)
            {
                throw new DicomTruncatedException();
            }
            Charge(count);
            stream.Seek(count, SeekOrigin.Current);
            return;
        }
        while (count > 0)
        {
            var chunk = (int)Math.Min(count, _buffer.Length);
            Read(chunk);
            count -= chunk;
        }
    }

    /// <summary>The underlying stream, placed where this input has consumed up to (its buffer given back).</summary>
    public Stream Release()
    {
        stream.Seek(_start - _end, SeekOrigin.Current);
        _start = _end = 0;
        return stream;
    }

    private void Consume(int count)
    {
        _start += count;
        _consumed += count;
    }

    private void Charge(long count)
    {
        budget -= count;
        if (budget < 0)
        {
            throw new DicomFormatException("The file is larger than a DICOM document may be.");
        }
    }

    private bool Fill(int count)
    {
        if (_end - _start >= count)
        {
            return true;
        }
        Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
        _end -= _start;
        _start = 0;
        while (_end < count)
        {
            var read = stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                return false;
            }
            Charge(read);
            _end += read;
        }
        return true;
    }
}

/// <summary>The bytes are not a DICOM file this reader can make sense of; the message says why, without any value.</summary>
internal class DicomFormatException(string message) : Exception(message);

internal sealed class DicomTruncatedException() : DicomFormatException("The DICOM file ends in the middle of an element.");
