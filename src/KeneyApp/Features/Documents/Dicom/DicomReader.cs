using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace KeneyApp.Features.Documents.Dicom;

/// <summary>
/// A small reader of DICOM Part 10 files (PS3.10): the 128-byte preamble and <c>DICM</c>, the file meta group
/// (always explicit VR little endian), then the dataset in its transfer syntax — explicit or implicit VR, little or
/// big endian, deflated. It keeps the top-level attributes of <see cref="DicomTags.Wanted"/> and stops at the pixel
/// data. Everything else is skipped by its length; sequences and items of undefined length are walked to their
/// delimiters, never read into memory. Nesting, element count and bytes read are bounded, and each element moves
/// the reader forward, so any input ends in a result or a <see cref="DicomFormatException"/>, never a hang.
/// </summary>
internal static class DicomReader
{
    public const int MaxDepth = 16;
    public const int MaxElements = 200_000;
    /// <summary>A wanted value longer than this is not what the standard allows for it (64 characters at most): skipped.</summary>
    public const int MaxWantedValue = 1024;
    /// <summary>The most bytes a deflated dataset may expand to.</summary>
    public const long MaxInflated = 512L * 1024 * 1024;

    private const uint UndefinedLength = 0xFFFF_FFFF;

    public static DicomFile Read(Stream stream)
    {
        var input = new DicomInput(stream, long.MaxValue);
        var head = input.Peek(132);
        if (head.Length < 132 || !head[128..].SequenceEqual("DICM"u8))
        {
            throw new DicomFormatException("No DICOM preamble and DICM prefix.");
        }
        input.Skip(132);
        var syntax = ReadMeta(input);
        if (syntax.Deflated)
        {
            if (!stream.CanSeek)
            {
                throw new DicomFormatException("A deflated DICOM file is read from a seekable stream only.");
            }
            input = new DicomInput(new DeflateStream(input.Release(), CompressionMode.Decompress, leaveOpen: true), MaxInflated);
        }
        try
        {
            syntax = syntax.WithExplicitVr(FirstElementIsExplicit(input, syntax));
            var values = new Dictionary<uint, byte[]>();
            var walk = new Walk(input, syntax, values);
            var pixelDataLength = walk.TopLevel();
            return new DicomFile(new DicomDataset(syntax, values), input, pixelDataLength, walk.Truncated);
        }
        catch when (input.Stream is DeflateStream inflater)
        {
            inflater.Dispose();
            throw;
        }
    }

    /// <summary>The file meta group; its transfer syntax, or explicit little endian when it names none.</summary>
    private static DicomTransferSyntax ReadMeta(DicomInput input)
    {
        var meta = new Dictionary<uint, byte[]>();
        var walk = new Walk(input, DicomTransferSyntax.ExplicitLittle, meta);
        while (input.Peek(2) is { Length: 2 } group && BinaryPrimitives.ReadUInt16LittleEndian(group) == 0x0002)
        {
            walk.Element(depth: 0, wanted: tag => tag == DicomTags.TransferSyntaxUid);
        }
        return meta.TryGetValue(DicomTags.TransferSyntaxUid, out var uid)
            ? DicomTransferSyntax.FromUid(Encoding.ASCII.GetString(uid).TrimEnd('\0', ' '))
            : DicomTransferSyntax.ExplicitLittle;
    }

    /// <summary>
    /// Some writers declare one VR style and use the other; like other readers, trust what the first element shows
    /// (two upper-case letters where an explicit VR would be).
    /// </summary>
    private static bool FirstElementIsExplicit(DicomInput input, DicomTransferSyntax syntax)
    {
        var first = input.Peek(6);
        return first.Length < 6 ? syntax.ExplicitVr : DicomTags.LooksLikeVr(first[4..6]);
    }

    /// <summary>One pass over a dataset, counting its elements.</summary>
    private sealed class Walk(DicomInput input, DicomTransferSyntax syntax, Dictionary<uint, byte[]> values)
    {
        private int _elements;

        public bool Truncated { get; private set; }

        /// <summary>Reads the top-level dataset up to the pixel data; its length (null when undefined), or -1 when there is none.</summary>
        public long? TopLevel()
        {
            try
            {
                while (!input.AtEnd)
                {
                    if (Element(depth: 0, tag => DicomTags.Wanted.ContainsKey(tag)) is { } pixelData)
                    {
                        return pixelData.Length;
                    }
                }
            }
            catch (DicomTruncatedException) when (values.Count > 0)
            {
                // A file cut short keeps what was read before the cut (as other readers do); it gets no preview.
                Truncated = true;
            }
            return -1;
        }

        /// <summary>Reads one element; at the top level, returns the pixel data's header instead of skipping it.</summary>
        public (uint Tag, long? Length)? Element(int depth, Func<uint, bool> wanted, DicomTransferSyntax? nested = null)
        {
            var current = nested ?? syntax;
            if (++_elements > MaxElements)
            {
                throw new DicomFormatException("The DICOM file has too many elements.");
            }
            var (tag, vr, length) = Header(current);
            if (tag is DicomTags.ItemDelimitation or DicomTags.SequenceDelimitation or DicomTags.Item)
            {
                throw new DicomFormatException("An item or delimiter outside a sequence.");
            }
            if (depth == 0 && tag == DicomTags.PixelData)
            {
                return (tag, length == UndefinedLength ? null : length);
            }
            if (length == UndefinedLength)
            {
                // A sequence, or encapsulated pixel data; an explicit UN of undefined length holds implicit VR (PS3.5 6.2.2).
                Items(depth + 1, vr.SequenceEqual("UN"u8) ? DicomTransferSyntax.ImplicitLittle : current);
            }
            else if (depth == 0 && wanted(tag) && length <= MaxWantedValue)
            {
                values[tag] = input.Read((int)length).ToArray();
            }
            else
            {
                input.Skip(length);
            }
            return null;
        }

        /// <summary>The items of a sequence of undefined length, up to its delimiter.</summary>
        private void Items(int depth, DicomTransferSyntax current)
        {
            if (depth > MaxDepth)
            {
                throw new DicomFormatException("The DICOM file nests sequences too deeply.");
            }
            while (true)
            {
                if (++_elements > MaxElements)
                {
                    throw new DicomFormatException("The DICOM file has too many elements.");
                }
                var (tag, length) = ItemHeader(current);
                if (tag == DicomTags.SequenceDelimitation)
                {
                    return;
                }
                if (tag != DicomTags.Item)
                {
                    throw new DicomFormatException("A sequence holds something other than items.");
                }
                if (length != UndefinedLength)
                {
                    input.Skip(length);
                    continue;
                }
                while (ItemContinues(current))
                {
                    Element(depth, _ => false, current);
                }
            }
        }

        /// <summary>False (having consumed it) at the item's delimiter.</summary>
        private bool ItemContinues(DicomTransferSyntax current)
        {
            if (ReadTag(input.Peek(4), current.BigEndian) != DicomTags.ItemDelimitation)
            {
                return true;
            }
            ItemHeader(current);
            return false;
        }

        private (uint Tag, uint Length) ItemHeader(DicomTransferSyntax current)
        {
            var bytes = input.Read(8);
            return (ReadTag(bytes, current.BigEndian), ReadUInt32(bytes[4..], current.BigEndian));
        }

        private (uint Tag, byte[] Vr, uint Length) Header(DicomTransferSyntax current)
        {
            var start = input.Read(8);
            var tag = ReadTag(start, current.BigEndian);
            // Items and delimiters have no VR in any syntax.
            if (!current.ExplicitVr || (tag >> 16) == 0xFFFE)
            {
                return (tag, [], ReadUInt32(start[4..], current.BigEndian));
            }
            var vr = start[4..6].ToArray();
            if (DicomTags.HasLongLength(vr))
            {
                return (tag, vr, ReadUInt32(input.Read(4), current.BigEndian));
            }
            var shortLength = current.BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(start[6..]) : BinaryPrimitives.ReadUInt16LittleEndian(start[6..]);
            return (tag, vr, shortLength);
        }

        private static uint ReadTag(ReadOnlySpan<byte> bytes, bool bigEndian)
        {
            if (bytes.Length < 4)
            {
                throw new DicomTruncatedException();
            }
            return bigEndian
                ? (uint)BinaryPrimitives.ReadUInt16BigEndian(bytes) << 16 | BinaryPrimitives.ReadUInt16BigEndian(bytes[2..])
                : (uint)BinaryPrimitives.ReadUInt16LittleEndian(bytes) << 16 | BinaryPrimitives.ReadUInt16LittleEndian(bytes[2..]);
        }

        private static uint ReadUInt32(ReadOnlySpan<byte> bytes, bool bigEndian) =>
            bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes);
    }
}
