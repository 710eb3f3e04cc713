using QRCoder;

namespace KeneyApp.Platform.Ui;

/// <summary>
/// A QR code as a PNG data URI, drawn on the server: an enrolment link (it holds the TOTP secret) or a share link
/// never goes to a third-party QR service, and the page's policy allows data: images.
/// </summary>
public static class QrCodes
{
    public static string PngDataUri(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(6);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }
}
