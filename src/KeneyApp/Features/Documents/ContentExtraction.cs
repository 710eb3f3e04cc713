using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Xml;
using KeneyApp.Features.Documents.Dicom;
using SkiaSharp;
using UglyToad.PdfPig;

namespace KeneyApp.Features.Documents;

/// <summary>
/// What a stored document says about itself, read once at upload from its decrypted content: a PDF's page count
/// and text (PdfPig), an image's width and height (Skia reads the header only), a Word document's text, a DICOM
/// file's patient, study, series and image attributes (<see cref="DicomReader"/>). The text
/// goes to <c>ocr_text</c>, encrypted like any clinical free text. A file that cannot be read this far is still kept;
/// its <c>processing_error</c> says so.
/// </summary>
internal static class ContentExtraction
{
    /// <summary>Text kept per document, in characters: enough to search and preview, bounded in the row.</summary>
    public const int MaxText = 200_000;

    public sealed record Extracted(string? MetadataJson, string? Text, string? Error);

    public static Extracted From(DocumentFormat format, Stream content)
    {
        try
        {
            return format switch
            {
                DocumentFormat.Pdf => Pdf(content),
                DocumentFormat.Jpeg or DocumentFormat.Png => Image(content),
                DocumentFormat.Docx => Docx(content),
                DocumentFormat.Dicom => Dicom(content),
                _ => new Extracted(null, null, null),
            };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A damaged file of a known format: kept (the clinician may still open it), said unreadable.
            return new Extracted(null, null, "content_unreadable");
        }
    }

    /// <summary>
    /// Pages and time read for a PDF's text: past either, the text read so far is kept, so a crafted PDF of many
    /// costly pages cannot hold an upload for long.
    /// </summary>
    public const int MaxPdfPages = 2000;

    public static readonly TimeSpan PdfTextBudget = TimeSpan.FromSeconds(20);

    private static Extracted Pdf(Stream content)
    {
        using var pdf = PdfDocument.Open(content);
        var text = new StringBuilder();
        var started = System.Diagnostics.Stopwatch.StartNew();
        var pages = 0;
        foreach (var page in pdf.GetPages())
        {
            if (text.Length >= MaxText || ++pages > MaxPdfPages || started.Elapsed > PdfTextBudget)
            {
                break;
            }
            text.Append(page.Text).Append('\n');
        }
        return new Extracted(Json(new { page_count = pdf.NumberOfPages }), Trimmed(text.ToString()), null);
    }

    private static Extracted Dicom(Stream content)
    {
        using var file = DicomReader.Read(content);
        return new Extracted(Json(DicomMetadata.From(file.Dataset)), null, null);
    }

    private static Extracted Image(Stream content)
    {
        using var codec = SKCodec.Create(new SKManagedStream(content, disposeManagedStream: false)) ?? throw new InvalidDataException("Not a readable image.");
        return new Extracted(Json(new { width = codec.Info.Width, height = codec.Info.Height }), null, null);
    }

    private static Extracted Docx(Stream content)
    {
        using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
        var body = zip.GetEntry("word/document.xml") ?? throw new InvalidDataException("No word/document.xml.");
        var text = new StringBuilder();
        // DocxCheck has bounded the archive; the reader still stops at MaxText characters of text.
        using var reader = XmlReader.Create(body.Open(), new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            // A single huge text node or attribute would be read whole before MaxText is checked.
            MaxCharactersInDocument = 20L * MaxText,
        });
        while (text.Length < MaxText && reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "t")
            {
                text.Append(reader.ReadElementContentAsString());
            }
            else if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "p")
            {
                text.Append('\n');
            }
        }
        return new Extracted(null, Trimmed(text.ToString()), null);
    }

    private static string? Trimmed(string text)
    {
        text = text.Trim();
        return text.Length == 0 ? null : text.Length > MaxText ? text[..MaxText] : text;
    }

    private static string Json(object value) => JsonSerializer.Serialize(value);
}
