using System.Globalization;

namespace KeneyApp.Platform.Ui;

/// <summary>Instants and sizes as the user reads them: in the clinic's time zone and the page's culture.</summary>
public static class UiFormat
{
    /// <summary>A stored UTC instant at the clinic (<c>"g"</c>: date and time, <c>"d"</c>: date).</summary>
    public static string At(DateTime utc, TimeZoneInfo zone, string format = "g") =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone).ToString(format, CultureInfo.CurrentCulture);

    /// <summary>Bytes in binary units, named as the language names them (octets in French).</summary>
    public static string Size(long bytes)
    {
        var french = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "fr";
        return bytes switch
        {
            < 1024 => string.Format(CultureInfo.CurrentCulture, french ? "{0} o" : "{0} B", bytes),
            < 1024 * 1024 => string.Format(CultureInfo.CurrentCulture, french ? "{0:0.#} Kio" : "{0:0.#} KiB", bytes / 1024.0),
            _ => string.Format(CultureInfo.CurrentCulture, french ? "{0:0.#} Mio" : "{0:0.#} MiB", bytes / 1024.0 / 1024),
        };
    }
}
