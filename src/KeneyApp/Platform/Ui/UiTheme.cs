using MudBlazor;

namespace KeneyApp.Platform.Ui;

/// <summary>
/// MudBlazor's palette with colours that keep text readable (WCAG 2.1 AA, 4.5:1 on white): its default red and
/// green are too light for a button's or an alert's text.
/// </summary>
public static class UiTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Error = "#b3261e",
            Success = "#1b5e20",
            Warning = "#8a4b00",
            Info = "#0d47a1",
        },
    };
}
