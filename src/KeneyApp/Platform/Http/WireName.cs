using System.Text.Json;

namespace KeneyApp.Platform.Http;

/// <summary>An enum value as the API writes it (<c>InProgress</c> → <c>in_progress</c>), for audit details and timelines.</summary>
public static class WireName
{
    public static string Of<T>(T value) where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
