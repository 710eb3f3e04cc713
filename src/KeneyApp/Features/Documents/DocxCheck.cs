using System.IO.Compression;

namespace KeneyApp.Features.Documents;

/// <summary>
/// Whether a ZIP is a Word document (it holds <c>[Content_Types].xml</c> and <c>word/document.xml</c>), opened with
/// limits so that a ZIP bomb is refused before anything is inflated: at most <see cref="MaxEntries"/> entries,
/// <see cref="MaxTotalUncompressed"/> bytes in all once inflated, and no entry inflating more than
/// <see cref="MaxRatio"/> times its stored size.
/// </summary>
public static class DocxCheck
{
    public const int MaxEntries = 5_000;
    public const long MaxTotalUncompressed = 256L * 1024 * 1024;
    public const int MaxRatio = 100;

    /// <summary>Null when the stream holds a DOCX within the limits, else why not (for a 415).</summary>
    public static async Task<string?> ProblemAsync(Stream zip, CancellationToken ct)
    {
        ZipArchive archive;
        try
        {
            archive = await ZipArchive.CreateAsync(zip, ZipArchiveMode.Read, leaveOpen: true, entryNameEncoding: null, ct);
        }
        catch (InvalidDataException)
        {
            return "The file is a damaged ZIP archive, not a Word document.";
        }
        await using (archive)
        {
            if (archive.Entries.Count > MaxEntries)
            {
                return $"The archive holds more than {MaxEntries} entries.";
            }
            long total = 0;
            foreach (var entry in archive.Entries)
            {
                total += entry.Length;
                // A tiny entry may inflate a little more than the ratio (headers): only judged past 1 KiB.
                if (entry.Length > 1024 && entry.Length > (long)MaxRatio * Math.Max(1, entry.CompressedLength))
                {
                    return "The archive's entries inflate far beyond their size (a ZIP bomb).";
                }
            }
            if (total > MaxTotalUncompressed)
            {
                return $"The archive inflates to more than {MaxTotalUncompressed / (1024 * 1024)} MiB.";
            }
            var names = archive.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
            return names.Contains("[Content_Types].xml") && names.Contains("word/document.xml")
                ? null
                : "The ZIP archive is not a Word document (no word/document.xml).";
        }
    }
}
