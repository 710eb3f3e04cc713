using System.Buffers;
using System.Buffers.Binary;
using SkiaSharp;

namespace KeneyApp.Features.Documents.Dicom;

/// <summary>
/// A small greyscale JPEG of an uncompressed monochrome DICOM image (its first frame): enough for a doctor to
/// recognise the study without a PACS viewer. Stored values go through the modality rescale, then the file's
/// window centre and width (PS3.3 C.11.2.1.2), or the image's own range when it names none; MONOCHROME1 is
/// inverted. Only the rows and columns the preview shows are sampled, one source row in memory at a time.
/// Compressed pixel data (JPEG, JPEG 2000, RLE), colour images and anything inconsistent get no preview.
/// </summary>
internal static class DicomPreview
{
    public const int MaxSide = PreviewImage.MaxSide;

    public static byte[]? From(Stream content)
    {
        using var file = DicomReader.Read(content);
        var image = DicomImageInfo.From(file);
        if (image is null)
        {
            return null;
        }
        var values = Sample(file, image);
        var (low, high) = Window(file.Dataset, values);
        using var bitmap = new SKBitmap(new SKImageInfo(image.PreviewWidth, image.PreviewHeight, SKColorType.Gray8, SKAlphaType.Opaque));
        var pixels = bitmap.GetPixelSpan();
        for (var i = 0; i < values.Length; i++)
        {
            var grey = values[i] <= low ? 0 : values[i] >= high ? 255 : (int)((values[i] - low) / (high - low) * 255);
            pixels[i] = (byte)(image.Inverted ? 255 - grey : grey);
        }
        using var frozen = SKImage.FromBitmap(bitmap);
        using var encoded = frozen.Encode(SKEncodedImageFormat.Jpeg, 85);
        return encoded.ToArray();
    }

    /// <summary>The rescaled value of each preview pixel, nearest source pixel, row by row.</summary>
    private static double[] Sample(DicomFile file, DicomImageInfo image)
    {
        var values = new double[image.PreviewWidth * image.PreviewHeight];
        var rowBytes = image.Columns * image.BytesPerSample;
        var row = ArrayPool<byte>.Shared.Rent(rowBytes);
        try
        {
            var nextSourceRow = 0;
            for (var y = 0; y < image.PreviewHeight; y++)
            {
                var sourceRow = (int)((y + 0.5) * image.Rows / image.PreviewHeight);
                file.SkipPixels((long)(sourceRow - nextSourceRow) * rowBytes);
                file.ReadPixels(row.AsSpan(0, rowBytes));
                nextSourceRow = sourceRow + 1;
                for (var x = 0; x < image.PreviewWidth; x++)
                {
                    var sourceColumn = (int)((x + 0.5) * image.Columns / image.PreviewWidth);
                    values[y * image.PreviewWidth + x] = image.Rescale(image.Sample(row.AsSpan(sourceColumn * image.BytesPerSample)));
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(row, clearArray: true); // it held pixels of a patient's image
        }
        return values;
    }

    /// <summary>The values shown black and white: the file's first window, or the sampled range.</summary>
    private static (double Low, double High) Window(DicomDataset dataset, double[] values)
    {
        if (dataset.Number(DicomTags.WindowCenter) is { } center && dataset.Number(DicomTags.WindowWidth) is { } width && width >= 1)
        {
            return (center - 0.5 - (width - 1) / 2, center - 0.5 + (width - 1) / 2);
        }
        var (min, max) = (values.Min(), values.Max());
        return max > min ? (min, max) : (min - 1, max + 1);
    }
}

/// <summary>The geometry and sample layout of a previewable DICOM image, or null when it is not one.</summary>
internal sealed record DicomImageInfo(int Rows, int Columns, int BitsAllocated, int BitsStored, int HighBit, bool Signed,
    bool BigEndian, double Slope, double Intercept, bool Inverted, int PreviewWidth, int PreviewHeight)
{
    public int BytesPerSample => BitsAllocated / 8;

    public static DicomImageInfo? From(DicomFile file)
    {
        var d = file.Dataset;
        var photometric = d.Text(DicomTags.PhotometricInterpretation)?.Trim();
        var (rows, columns, bits) = (d.UInt16(DicomTags.Rows) ?? 0, d.UInt16(DicomTags.Columns) ?? 0, d.UInt16(DicomTags.BitsAllocated) ?? 0);
        var stored = d.UInt16(DicomTags.BitsStored) ?? bits;
        var highBit = d.UInt16(DicomTags.HighBit) ?? stored - 1;
        if (d.Syntax.Encapsulated || file.Truncated || photometric is not ("MONOCHROME1" or "MONOCHROME2")
            || (d.UInt16(DicomTags.SamplesPerPixel) ?? 1) != 1 || rows == 0 || columns == 0 || bits is not (8 or 16 or 32)
            || stored < 1 || stored > bits || highBit < stored - 1 || highBit >= bits
            || file.PixelDataLength is not { } length || length < (long)rows * columns * (bits / 8))
        {
            return null;
        }
        var fit = Math.Min(1.0, (double)DicomPreview.MaxSide / Math.Max(rows, columns));
        return new DicomImageInfo(rows, columns, bits, stored, highBit, d.UInt16(DicomTags.PixelRepresentation) == 1, d.Syntax.BigEndian,
            d.Number(DicomTags.RescaleSlope) is { } slope && slope != 0 ? slope : 1, d.Number(DicomTags.RescaleIntercept) ?? 0,
            photometric == "MONOCHROME1", Math.Max(1, (int)(columns * fit)), Math.Max(1, (int)(rows * fit)));
    }

    /// <summary>The stored value of the sample at the start of <paramref name="bytes"/>: its stored bits, sign-extended when signed.</summary>
    public long Sample(ReadOnlySpan<byte> bytes)
    {
        ulong raw = BitsAllocated switch
        {
            8 => bytes[0],
            16 => BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(bytes) : BinaryPrimitives.ReadUInt16LittleEndian(bytes),
            _ => BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes),
        };
        var value = (long)((raw >> (HighBit - BitsStored + 1)) & ((1UL << BitsStored) - 1));
        return Signed && (value & (1L << (BitsStored - 1))) != 0 ? value - (1L << BitsStored) : value;
    }

    public double Rescale(long stored) => stored * Slope + Intercept;
}
