using SkiaSharp;

namespace KeneyApp.Features.Documents;

/// <summary>
/// A small JPEG of an image document, enough to recognise it in a list without downloading it. Large images are
/// decoded at a reduced scale by the codec itself (a 50 MB photo is never expanded whole), then fitted in
/// <see cref="MaxSide"/> pixels.
/// </summary>
internal static class PreviewImage
{
    public const int MaxSide = 512;

    /// <summary>
    /// The most pixels decoded for a preview. Only JPEG decodes at a reduced scale; a PNG is decoded whole, and a
    /// small file may declare a huge image (100,000 pixels square is 40 GB once decoded): past this, no preview.
    /// </summary>
    public const long MaxDecodedPixels = 40_000_000;

    /// <summary>The largest image, as declared, that gets a preview at all (a 100-megapixel photo does).</summary>
    public const long MaxDeclaredPixels = 120_000_000;

    /// <summary>The preview's JPEG bytes, or null when the image cannot be decoded.</summary>
    public static byte[]? From(Stream image)
    {
        // Skia must not close the stream: the upload reads the same decrypting stream again.
        using var codec = SKCodec.Create(new SKManagedStream(image, disposeManagedStream: false));
        if (codec is null)
        {
            return null;
        }
        var info = codec.Info;
        // The declared size counts too: a progressive JPEG keeps full-size buffers even when decoded at 1/8.
        if ((long)info.Width * info.Height > MaxDeclaredPixels)
        {
            return null;
        }
        // The codec's own down-scaling (JPEG decodes at 1/2, 1/4, 1/8) keeps memory near the preview's size.
        var scale = Math.Min(1f, (float)MaxSide * 2 / Math.Max(info.Width, info.Height));
        var decodeSize = codec.GetScaledDimensions(scale);
        if ((long)decodeSize.Width * decodeSize.Height > MaxDecodedPixels)
        {
            return null;
        }
        using var decoded = new SKBitmap(new SKImageInfo(decodeSize.Width, decodeSize.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var result = codec.GetPixels(decoded.Info, decoded.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            return null;
        }
        var fit = Math.Min(1f, (float)MaxSide / Math.Max(decoded.Width, decoded.Height));
        using var preview = decoded.Resize(new SKImageInfo(Math.Max(1, (int)(decoded.Width * fit)), Math.Max(1, (int)(decoded.Height * fit))),
            new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        if (preview is null)
        {
            return null;
        }
        using var frozen = SKImage.FromBitmap(preview);
        using var encoded = frozen.Encode(SKEncodedImageFormat.Jpeg, 80);
        return encoded.ToArray();
    }
}
