using System.Security.Cryptography;

namespace KeneyApp.Features.Documents;

/// <summary>
/// Reads an uploaded file's bytes once, as they arrive: counts them against the size limit, hashes them, keeps
/// the first bytes to tell the format, checks them as text, and writes them through the encrypting stream. Nothing
/// is held but one read buffer.
/// </summary>
internal sealed class ReceivedFile
{
    private const int ChunkSize = 81_920;
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _head = new byte[FormatDetection.HeadSize];
    private readonly TextCheck _text = new();

    public long Size { get; private set; }
    public bool TooLarge { get; private set; }
    public string Checksum { get; private set; } = "";
    public ReadOnlySpan<byte> Head => _head.AsSpan(0, (int)Math.Min(Size, _head.Length));
    public bool IsText => _text.IsText();

    /// <summary>
    /// Copies <paramref name="source"/> into <paramref name="plaintext"/> (and to the virus scanner, when there is one);
    /// stops at the first byte past <paramref name="limit"/>.
    /// </summary>
    public async Task ReadAsync(Stream source, Stream plaintext, Platform.Scanning.ScanSession? scan, long limit, CancellationToken ct)
    {
        var buffer = new byte[ChunkSize];
        int read;
        while ((read = await source.ReadAsync(buffer, ct)) > 0)
        {
            if (Size + read > limit)
            {
                TooLarge = true;
                return;
            }
            var chunk = buffer.AsMemory(0, read);
            if (Size < _head.Length)
            {
                chunk.Span[..(int)Math.Min(read, _head.Length - Size)].CopyTo(_head.AsSpan((int)Size));
            }
            _sha256.AppendData(chunk.Span);
            _text.Add(chunk.Span);
            await plaintext.WriteAsync(chunk, ct);
            if (scan is not null)
            {
                await scan.SendAsync(chunk, ct);
            }
            Size += read;
        }
        Checksum = Convert.ToHexStringLower(_sha256.GetHashAndReset());
    }

    /// <summary>A name fit for display: the last path segment, no control characters, at most 255 characters.</summary>
    public static string DisplayName(string? fileName)
    {
        var name = (fileName ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        name = new string([.. name.Where(c => !char.IsControl(c) && c is not ('"' or '<' or '>' or '|' or ':' or '*' or '?'))]).Trim().Trim('.');
        if (name.Length > 255)
        {
            var extension = Path.GetExtension(name);
            extension = extension.Length <= 16 ? extension : "";
            // Cut on a text element, never inside a surrogate pair (PostgreSQL refuses half a character).
            var info = new System.Globalization.StringInfo(name[..^extension.Length]);
            var keep = 255 - extension.Length;
            var cut = info.LengthInTextElements;
            while (cut > 0 && info.SubstringByTextElements(0, cut).Length > keep)
            {
                cut--;
            }
            name = info.SubstringByTextElements(0, cut) + extension;
        }
        return name.Length == 0 ? "document" : name;
    }
}
