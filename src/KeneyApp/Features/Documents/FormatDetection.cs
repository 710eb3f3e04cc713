using System.Text;

namespace KeneyApp.Features.Documents;

/// <summary>
/// A document's format, from its bytes: the client's MIME type and file name are only checked against it. The
/// first <see cref="HeadSize"/> bytes decide PDF, JPEG, PNG and DICOM Part 10 (128-byte preamble, then
/// <c>DICM</c>); a ZIP may be a DOCX (its entries are checked once stored, <see cref="DocxCheck"/>); anything
/// else may only be plain text, which <see cref="TextCheck"/> validates over the whole file.
/// </summary>
public static class FormatDetection
{
    public const int HeadSize = 132;

    private static readonly byte[] Pdf = "%PDF-"u8.ToArray();
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] Zip = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] Dicm = "DICM"u8.ToArray();

    /// <summary>The format the first bytes show; <see cref="DocumentFormat.Txt"/> means "no signature: text or nothing".</summary>
    public static DocumentFormat FromHead(ReadOnlySpan<byte> head) => head switch
    {
        _ when head.StartsWith(Pdf) => DocumentFormat.Pdf,
        _ when head.StartsWith(Png) => DocumentFormat.Png,
        _ when head.StartsWith(Jpeg) => DocumentFormat.Jpeg,
        _ when head.Length >= HeadSize && head.Slice(128, 4).SequenceEqual(Dicm) => DocumentFormat.Dicom,
        _ when head.StartsWith(Zip) => DocumentFormat.Docx,
        _ => DocumentFormat.Txt,
    };

    public static string MimeType(DocumentFormat format) => format switch
    {
        DocumentFormat.Pdf => "application/pdf",
        DocumentFormat.Jpeg => "image/jpeg",
        DocumentFormat.Png => "image/png",
        DocumentFormat.Dicom => "application/dicom",
        DocumentFormat.Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ => "text/plain; charset=utf-8",
    };

    /// <summary>
    /// Whether the client's declared MIME type and file extension agree with the detected format. A generic type
    /// (<c>application/octet-stream</c>) or none says nothing; a DICOM file often has no extension.
    /// </summary>
    public static string? Contradiction(DocumentFormat detected, string? declaredType, string fileName)
    {
        var declared = declaredType?.Split(';')[0].Trim().ToLowerInvariant();
        if (!string.IsNullOrEmpty(declared) && declared != "application/octet-stream" && FromMimeType(declared) != detected)
        {
            return $"The file's content is {Name(detected)}, not {declared}.";
        }
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        var byExtension = FromExtension(extension);
        if (extension.Length == 0 ? detected != DocumentFormat.Dicom : byExtension != detected)
        {
            return extension.Length == 0
                ? $"The file name has no extension; its content is {Name(detected)}."
                : $"The file's content is {Name(detected)}, which does not match its extension {extension}.";
        }
        return null;
    }

    public static string Name(DocumentFormat format) => format switch
    {
        DocumentFormat.Txt => "plain text",
        DocumentFormat.Dicom => "a DICOM image",
        DocumentFormat.Docx => "a Word document (DOCX)",
        _ => "a " + format.ToString().ToUpperInvariant() + " file",
    };

    private static DocumentFormat? FromMimeType(string mimeType) => mimeType switch
    {
        "application/pdf" => DocumentFormat.Pdf,
        "image/jpeg" or "image/jpg" or "image/pjpeg" => DocumentFormat.Jpeg,
        "image/png" => DocumentFormat.Png,
        "application/dicom" => DocumentFormat.Dicom,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => DocumentFormat.Docx,
        "text/plain" => DocumentFormat.Txt,
        _ => null,
    };

    private static DocumentFormat? FromExtension(string extension) => extension switch
    {
        ".pdf" => DocumentFormat.Pdf,
        ".jpg" or ".jpeg" => DocumentFormat.Jpeg,
        ".png" => DocumentFormat.Png,
        ".dcm" or ".dicom" => DocumentFormat.Dicom,
        ".docx" => DocumentFormat.Docx,
        ".txt" => DocumentFormat.Txt,
        _ => null,
    };
}

/// <summary>
/// Checks, as the bytes stream past, that a file without a known signature is plain text: valid UTF-8 and no
/// NUL byte. Fed every chunk in order, then <see cref="IsText"/> after the last one.
/// </summary>
public sealed class TextCheck
{
    private readonly Decoder _decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
    private readonly char[] _chars = new char[8192];
    private bool _failed;

    public void Add(ReadOnlySpan<byte> chunk)
    {
        if (_failed)
        {
            return;
        }
        if (chunk.Contains((byte)0))
        {
            _failed = true;
            return;
        }
        try
        {
            while (!chunk.IsEmpty)
            {
                // Decoded in slices that fit the buffer; the decoder keeps a character split between chunks.
                var take = Math.Min(chunk.Length, _chars.Length / 2);
                _decoder.GetChars(chunk[..take], _chars, flush: false);
                chunk = chunk[take..];
            }
        }
        catch (DecoderFallbackException)
        {
            _failed = true;
        }
    }

    public bool IsText()
    {
        if (_failed)
        {
            return false;
        }
        try
        {
            _decoder.GetChars([], _chars, flush: true); // a character cut at the end is not text
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
