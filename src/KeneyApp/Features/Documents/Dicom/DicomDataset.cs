using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace KeneyApp.Features.Documents.Dicom;

/// <summary>
/// The wanted top-level attributes of a DICOM file, as raw bytes, decoded on demand: text in the file's character
/// set with its padding removed (each of several values separated by <c>\</c>), numbers in the file's byte order.
/// </summary>
internal sealed class DicomDataset(DicomTransferSyntax syntax, IReadOnlyDictionary<uint, byte[]> values)
{
    // The ISO 8859 parts and GB18030 come from the code-page provider, which .NET ships but does not register.
    static DicomDataset() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public DicomTransferSyntax Syntax => syntax;

    public string? Text(uint tag)
    {
        if (!values.TryGetValue(tag, out var raw))
        {
            return null;
        }
        var encoding = tag == DicomTags.SpecificCharacterSet ? Encoding.Latin1 : CharacterSet();
        // pydicom, the reference here, removes trailing spaces and NULs from each value, and keeps the rest.
        var text = string.Join('\\', encoding.GetString(raw).Split('\\').Select(v => v.TrimEnd(' ', '\0')));
        return text.Length == 0 ? null : text;
    }

    public int? UInt16(uint tag) =>
        values.TryGetValue(tag, out var raw) && raw.Length >= 2
            ? syntax.BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(raw) : BinaryPrimitives.ReadUInt16LittleEndian(raw)
            : null;

    /// <summary>The first of a decimal or integer string's values (DS, IS), or null.</summary>
    public double? Number(uint tag) =>
        Text(tag)?.Split('\\')[0].Trim() is { Length: > 0 } first
        && double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? number
            : null;

    /// <summary>A DICOM date (YYYYMMDD) as an ISO date; any other form as written.</summary>
    public string? Date(uint tag) =>
        Text(tag) is { } text && text.Length == 8 && text.All(char.IsAsciiDigit) ? $"{text[..4]}-{text[4..6]}-{text[6..]}" : Text(tag);

    /// <summary>
    /// The encoding of the file's text. The single-byte character sets and UTF-8 are supported; ISO 2022 code
    /// extensions (several character sets switched by escape sequences) are read as their first set.
    /// </summary>
    private Encoding CharacterSet() => (Text(DicomTags.SpecificCharacterSet)?.Split('\\')[0].Trim()) switch
    {
        "ISO_IR 192" => Encoding.UTF8,
        "ISO_IR 101" or "ISO 2022 IR 101" => Encoding.GetEncoding("iso-8859-2"),
        "ISO_IR 109" or "ISO 2022 IR 109" => Encoding.GetEncoding("iso-8859-3"),
        "ISO_IR 110" or "ISO 2022 IR 110" => Encoding.GetEncoding("iso-8859-4"),
        "ISO_IR 144" or "ISO 2022 IR 144" => Encoding.GetEncoding("iso-8859-5"),
        "ISO_IR 127" or "ISO 2022 IR 127" => Encoding.GetEncoding("iso-8859-6"),
        "ISO_IR 126" or "ISO 2022 IR 126" => Encoding.GetEncoding("iso-8859-7"),
        "ISO_IR 138" or "ISO 2022 IR 138" => Encoding.GetEncoding("iso-8859-8"),
        "ISO_IR 148" or "ISO 2022 IR 148" => Encoding.GetEncoding("iso-8859-9"),
        "GB18030" or "GBK" => Encoding.GetEncoding("GB18030"),
        _ => Encoding.Latin1,
    };
}
