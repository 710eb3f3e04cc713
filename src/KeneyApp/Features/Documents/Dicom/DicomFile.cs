namespace KeneyApp.Features.Documents.Dicom;

/// <summary>
/// A DICOM file read up to its pixel data: the wanted attributes, and the pixel data itself, read on request from
/// where the reader stopped.
/// </summary>
internal sealed class DicomFile(DicomDataset dataset, DicomInput input, long? pixelDataLength, bool truncated) : IDisposable
{
    public DicomDataset Dataset => dataset;

    /// <summary>True when a pixel data element follows (its length may still be undefined: compressed frames).</summary>
    public bool HasPixelData => pixelDataLength != -1;

    /// <summary>The pixel data's length in bytes; null when undefined (encapsulated) or absent.</summary>
    public long? PixelDataLength => pixelDataLength == -1 ? null : pixelDataLength;

    /// <summary>The file ended early; the attributes read before the cut are kept.</summary>
    public bool Truncated => truncated;

    public void ReadPixels(Span<byte> destination) => input.ReadInto(destination);

    public void SkipPixels(long count) => input.Skip(count);

    /// <summary>Releases an inflater the reader put over a deflated file (the caller's stream stays open).</summary>
    public void Dispose()
    {
        if (input.Stream is System.IO.Compression.DeflateStream inflater)
        {
            inflater.Dispose();
        }
    }
}
