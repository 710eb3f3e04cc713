namespace KeneyApp.Features.Documents.Dicom;

/// <summary>
/// The few attributes KeneyApp reads, as (group &lt;&lt; 16 | element), with the value representation each has in the
/// standard's dictionary: an implicit-VR file does not say it, and these are the only ones whose value is decoded.
/// </summary>
internal static class DicomTags
{
    public const uint TransferSyntaxUid = 0x0002_0010;
    public const uint SpecificCharacterSet = 0x0008_0005;
    public const uint SopInstanceUid = 0x0008_0018;
    public const uint StudyDate = 0x0008_0020;
    public const uint Modality = 0x0008_0060;
    public const uint PatientName = 0x0010_0010;
    public const uint PatientId = 0x0010_0020;
    public const uint BodyPartExamined = 0x0018_0015;
    public const uint StudyInstanceUid = 0x0020_000D;
    public const uint SeriesInstanceUid = 0x0020_000E;
    public const uint SamplesPerPixel = 0x0028_0002;
    public const uint PhotometricInterpretation = 0x0028_0004;
    public const uint NumberOfFrames = 0x0028_0008;
    public const uint Rows = 0x0028_0010;
    public const uint Columns = 0x0028_0011;
    public const uint BitsAllocated = 0x0028_0100;
    public const uint BitsStored = 0x0028_0101;
    public const uint HighBit = 0x0028_0102;
    public const uint PixelRepresentation = 0x0028_0103;
    public const uint WindowCenter = 0x0028_1050;
    public const uint WindowWidth = 0x0028_1051;
    public const uint RescaleIntercept = 0x0028_1052;
    public const uint RescaleSlope = 0x0028_1053;
    public const uint PixelData = 0x7FE0_0010;

    public const uint Item = 0xFFFE_E000;
    public const uint ItemDelimitation = 0xFFFE_E00D;
    public const uint SequenceDelimitation = 0xFFFE_E0DD;

    /// <summary>The wanted attributes and their value representation.</summary>
    public static readonly IReadOnlyDictionary<uint, string> Wanted = new Dictionary<uint, string>
    {
        [SpecificCharacterSet] = "CS",
        [SopInstanceUid] = "UI",
        [StudyDate] = "DA",
        [Modality] = "CS",
        [PatientName] = "PN",
        [PatientId] = "LO",
        [BodyPartExamined] = "CS",
        [StudyInstanceUid] = "UI",
        [SeriesInstanceUid] = "UI",
        [SamplesPerPixel] = "US",
        [PhotometricInterpretation] = "CS",
        [NumberOfFrames] = "IS",
        [Rows] = "US",
        [Columns] = "US",
        [BitsAllocated] = "US",
        [BitsStored] = "US",
        [HighBit] = "US",
        [PixelRepresentation] = "US",
        [WindowCenter] = "DS",
        [WindowWidth] = "DS",
        [RescaleIntercept] = "DS",
        [RescaleSlope] = "DS",
    };

    /// <summary>Explicit VRs whose length takes four bytes (after two reserved ones) rather than two.</summary>
    public static bool HasLongLength(ReadOnlySpan<byte> vr) =>
        vr.SequenceEqual("OB"u8) || vr.SequenceEqual("OW"u8) || vr.SequenceEqual("OF"u8) || vr.SequenceEqual("OD"u8)
        || vr.SequenceEqual("OL"u8) || vr.SequenceEqual("OV"u8) || vr.SequenceEqual("SQ"u8) || vr.SequenceEqual("SV"u8)
        || vr.SequenceEqual("UC"u8) || vr.SequenceEqual("UN"u8) || vr.SequenceEqual("UR"u8) || vr.SequenceEqual("UT"u8)
        || vr.SequenceEqual("UV"u8);

    /// <summary>Two upper-case letters: what an explicit VR looks like, used to tell explicit from implicit files.</summary>
    public static bool LooksLikeVr(ReadOnlySpan<byte> vr) => vr.Length == 2 && char.IsAsciiLetterUpper((char)vr[0]) && char.IsAsciiLetterUpper((char)vr[1]);
}
