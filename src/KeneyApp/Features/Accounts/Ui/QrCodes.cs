using QRCoder;

namespace KeneyApp.Features.Accounts.Ui;

/// <summary>
/// A QR code as a PNG data URI, drawn on the server: the enrolment link (it holds the TOTP secret) never goes to a
/// third-party QR service, and the page's policy allows data: images.
/// </summary>
internal static class QrCodes
{
    public static string PngDataUri(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(6);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }
}
