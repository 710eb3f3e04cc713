using KeneyApp.Platform.Http;
using Microsoft.Extensions.Localization;

namespace KeneyApp.Platform.Ui;

/// <summary>
/// A handler's problem in the user's language: a sentence for its status, and each field's message next to the
/// field. The handlers' messages are English (the API's); those the pages meet have a translation keyed by their
/// text (<c>Error.Required.</c>), the others are shown as they are rather than hidden.
/// </summary>
public static class UiProblems
{
    public static string Summary(IStringLocalizer<UiText> text, Problem problem)
    {
        var sentence = text[$"Problem.{problem.Status}"];
        return sentence.ResourceNotFound ? text["Problem.Other"] : sentence;
    }

    /// <summary>The field's messages, or null when the field is fine (MudBlazor's <c>ErrorText</c>).</summary>
    public static string? Field(IStringLocalizer<UiText> text, Problem? problem, string field)
    {
        if (problem?.Errors?.GetValueOrDefault(field) is not { Length: > 0 } messages)
        {
            return null;
        }
        return string.Join(" ", messages.Select(m => text["Error." + m] is { ResourceNotFound: false } translated ? translated.Value : m));
    }
}
