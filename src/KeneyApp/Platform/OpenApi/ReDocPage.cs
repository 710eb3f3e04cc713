using System.Text;

namespace KeneyApp.Platform.OpenApi;

/// <summary>
/// ReDoc's page without the stylesheet its stock page loads from a font CDN: our Content-Security-Policy allows
/// styles from this server only, and API documentation must not call a third party from a clinic's network.
/// The placeholders are filled by Swashbuckle's ReDoc middleware.
/// </summary>
internal static class ReDocPage
{
    private const string Html = """
        <!DOCTYPE html>
        <html>
        <head>
            <title>%(DocumentTitle)</title>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <link href="index.css" rel="stylesheet" type="text/css">
            %(HeadContent)
        </head>
        <body>
            <div id="redoc-container"></div>
            <script type="module" src="index.js"></script>
        </body>
        </html>
        """;

    public static Stream Open() => new MemoryStream(Encoding.UTF8.GetBytes(Html), writable: false);
}
