using System.IO.Compression;
using System.Text;
using KeneyApp.Features.Documents;

namespace KeneyApp.Tests.Features.Documents;

/// <summary>A document's format comes from its bytes; the client's type and file name must agree with them.</summary>
public sealed class FormatDetectionTests
{
    private static byte[] Dicom() => [.. new byte[128], .. "DICM"u8.ToArray(), 0x02, 0x00];

    [Fact]
    public void Each_signature_gives_its_format_and_anything_else_may_only_be_text()
    {
        Assert.Equal(DocumentFormat.Pdf, FormatDetection.FromHead("%PDF-1.7\n"u8));
        Assert.Equal(DocumentFormat.Png, FormatDetection.FromHead([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]));
        Assert.Equal(DocumentFormat.Jpeg, FormatDetection.FromHead([0xFF, 0xD8, 0xFF, 0xE0]));
        Assert.Equal(DocumentFormat.Dicom, FormatDetection.FromHead(Dicom()));
        Assert.Equal(DocumentFormat.Docx, FormatDetection.FromHead("PK\u0003\u0004rest"u8));
        Assert.Equal(DocumentFormat.Txt, FormatDetection.FromHead("MZ\u0090\u0000"u8));
        Assert.Equal(DocumentFormat.Txt, FormatDetection.FromHead([.. new byte[128], .. "DICX"u8.ToArray()]));
    }

    [Theory]
    [InlineData(DocumentFormat.Pdf, "application/pdf", "resultats.pdf", true)]
    [InlineData(DocumentFormat.Pdf, "application/octet-stream", "RESULTATS.PDF", true)]
    [InlineData(DocumentFormat.Pdf, null, "resultats.pdf", true)]
    [InlineData(DocumentFormat.Jpeg, "image/jpeg", "photo.jpg", true)]
    [InlineData(DocumentFormat.Dicom, "application/dicom", "IM0001", true)]
    [InlineData(DocumentFormat.Dicom, null, "scan.dcm", true)]
    [InlineData(DocumentFormat.Txt, "text/plain; charset=utf-8", "note.txt", true)]
    [InlineData(DocumentFormat.Pdf, "image/png", "resultats.pdf", false)]
    [InlineData(DocumentFormat.Pdf, "application/pdf", "resultats.exe", false)]
    [InlineData(DocumentFormat.Png, "image/png", "photo.jpg", false)]
    [InlineData(DocumentFormat.Txt, "text/plain", "script.sh", false)]
    [InlineData(DocumentFormat.Pdf, "application/pdf", "resultats", false)]
    public void The_declared_type_and_the_extension_must_agree_with_the_bytes(DocumentFormat detected, string? declared, string name, bool agrees)
    {
        Assert.Equal(agrees, FormatDetection.Contradiction(detected, declared, name) is null);
    }

    [Fact]
    public void Text_is_valid_utf8_without_nul_even_when_a_character_is_split_between_chunks()
    {
        var bytes = Encoding.UTF8.GetBytes("Compte rendu: échographie normale. 🩺");
        var check = new TextCheck();
        foreach (var one in bytes)
        {
            check.Add([one]);
        }
        Assert.True(check.IsText());

        var nul = new TextCheck();
        nul.Add("abc\0def"u8);
        Assert.False(nul.IsText());
        var invalid = new TextCheck();
        invalid.Add([0x61, 0xC3, 0x28]);
        Assert.False(invalid.IsText());
        var cut = new TextCheck();
        cut.Add(bytes.AsSpan(0, bytes.Length - 1));
        Assert.False(cut.IsText());
    }

    private static MemoryStream Zip(params (string Name, byte[] Content)[] entries)
    {
        var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var entry = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                entry.Write(content);
            }
        }
        stream.Position = 0;
        return stream;
    }

    [Fact]
    public async Task A_zip_is_a_word_document_only_with_its_parts_and_within_limits()
    {
        var types = "<Types/>"u8.ToArray();
        var body = "<w:document><w:body><w:p><w:r><w:t>Bonjour</w:t></w:r></w:p></w:body></w:document>"u8.ToArray();
        Assert.Null(await DocxCheck.ProblemAsync(Zip(("[Content_Types].xml", types), ("word/document.xml", body)), default));
        Assert.Contains("not a Word document", await DocxCheck.ProblemAsync(Zip(("[Content_Types].xml", types), ("xl/workbook.xml", body)), default));
        Assert.Contains("ZIP bomb", await DocxCheck.ProblemAsync(
            Zip(("[Content_Types].xml", types), ("word/document.xml", body), ("word/media/zeros.bin", new byte[4 * 1024 * 1024])), default));
        Assert.Contains("damaged", await DocxCheck.ProblemAsync(new MemoryStream("PK\u0003\u0004 not really a zip"u8.ToArray()), default));
        var many = Enumerable.Range(0, DocxCheck.MaxEntries + 1).Select(i => ($"word/part{i}.xml", types)).Prepend(("word/document.xml", body)).ToArray();
        Assert.Contains("entries", await DocxCheck.ProblemAsync(Zip(many), default));
    }

    /// <summary>The count is read from the archive's end record before ZipArchive builds an object per entry.</summary>
    [Fact]
    public async Task An_archive_declaring_too_many_entries_is_refused_before_its_directory_is_read()
    {
        var docx = Zip(("[Content_Types].xml", "<Types/>"u8.ToArray()), ("word/document.xml", "<w:document/>"u8.ToArray())).ToArray();
        var end = docx.AsSpan().LastIndexOf([(byte)0x50, (byte)0x4B, (byte)0x05, (byte)0x06]);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(docx.AsSpan(end + 8), 60_000);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(docx.AsSpan(end + 10), 60_000);
        Assert.Contains("entries", await DocxCheck.ProblemAsync(new MemoryStream(docx), default));
    }
}
