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
        // Counted from the archive's last record first: ZipArchive builds an object per entry before anyone can
        // count them, and a 50 MB file holds a million tiny entries.
        if (await DeclaredEntriesAsync(zip, ct) is { } declared && declared > MaxEntries)
        {
            return $"The archive holds more than {MaxEntries} entries.";
        }
        zip.Position = 0;
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

    /// <summary>
    /// The entry count the end-of-central-directory record declares (ZIP64's when the classic field is saturated), or
    /// null when there is no such record (ZipArchive then reports the damage).
    /// </summary>
    private static async Task<long?> DeclaredEntriesAsync(Stream zip, CancellationToken ct)
    {
        const int EndRecord = 22;
        var tailLength = (int)Math.Min(zip.Length, EndRecord + ushort.MaxValue + 20);
        var tail = new byte[tailLength];
        zip.Position = zip.Length - tailLength;
        await zip.ReadExactlyAsync(tail, ct);
        for (var at = tailLength - EndRecord; at >= 0; at--)
        {
            if (System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(at)) != 0x06054b50)
            {
                continue;
            }
            long entries = System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(at + 10));
            if (entries == ushort.MaxValue && at >= 20
                && System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(at - 20)) == 0x07064b50)
            {
                // ZIP64: the locator names the ZIP64 end record, whose entry count is 8 bytes at offset 32.
                var record = (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(tail.AsSpan(at - 20 + 8));
                if (record < 0 || record + 40 > zip.Length)
                {
                    return long.MaxValue;
                }
                var zip64 = new byte[40];
                zip.Position = record;
                await zip.ReadExactlyAsync(zip64, ct);
                var count = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(zip64.AsSpan(32));
                entries = count > long.MaxValue ? long.MaxValue : (long)count;
            }
            return entries;
        }
        return null;
    }
}
