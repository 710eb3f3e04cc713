namespace KeneyApp.Platform.Ui;

/// <summary>
/// The web application's visible text: <c>UiText.resx</c> in French (the default), <c>UiText.en.resx</c> in English.
/// Pages take an <c>IStringLocalizer&lt;UiText&gt;</c>; no visible string is written in a page itself.
/// </summary>
public sealed class UiText;
