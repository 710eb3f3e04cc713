namespace KeneyApp.Features.Documents.Dicom;

/// <summary>How a dataset is encoded: explicit or implicit VR, byte order, deflated, pixel data compressed.</summary>
internal sealed record DicomTransferSyntax(string Uid, bool ExplicitVr, bool BigEndian, bool Deflated, bool Encapsulated)
{
    public const string ImplicitLittleUid = "1.2.840.10008.1.2";
    public const string ExplicitLittleUid = "1.2.840.10008.1.2.1";
    public const string ExplicitBigUid = "1.2.840.10008.1.2.2";
    public const string DeflatedUid = "1.2.840.10008.1.2.1.99";

    public static readonly DicomTransferSyntax ImplicitLittle = new(ImplicitLittleUid, false, false, false, false);
    public static readonly DicomTransferSyntax ExplicitLittle = new(ExplicitLittleUid, true, false, false, false);

    /// <summary>Every other syntax the standard defines (JPEG, JPEG 2000, RLE…) is explicit little endian with compressed pixels.</summary>
    public static DicomTransferSyntax FromUid(string uid) => uid switch
    {
        ImplicitLittleUid => ImplicitLittle,
        ExplicitLittleUid => ExplicitLittle,
        ExplicitBigUid => new(uid, true, true, false, false),
        DeflatedUid => new(uid, true, false, true, false),
        _ => new(uid, true, false, false, true),
    };

    /// <summary>The same syntax with the VR style that the dataset's first element actually shows.</summary>
    public DicomTransferSyntax WithExplicitVr(bool explicitVr) => this with { ExplicitVr = explicitVr };
}
