using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace KeneyApp.Platform.Http;

/// <summary>
/// A request the server could not read gets an answer that says what to fix: <c>errors</c> keyed by the field
/// (its JSON path for nested ones, <c>$</c> for the body as a whole, the parameter's name in a query string)
/// with what was expected. The values sent are never echoed: they may be patient data. Unknown members are
/// refused (JSON options), so a typo in a clinical field is never a silent no-op.
/// </summary>
internal static partial class BindingProblems
{
    public static void Describe(ProblemDetails details, Exception exception, HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        details.Title = "Validation failed";
        details.Detail = "The request could not be read: see errors.";
        switch (exception)
        {
            case BadHttpRequestException { StatusCode: 415 }:
                DescribeUnsupportedMediaType(details, http);
                return;
            case BadHttpRequestException { StatusCode: 413 }:
                details.Title = "Payload too large";
                details.Detail = "The request body is too large.";
                return;
            case BadHttpRequestException { InnerException: JsonException json }:
                Describe(json, errors);
                break;
            case JsonException json:
                Describe(json, errors);
                break;
            case BadHttpRequestException bad when FailedToBind().Match(bad.Message) is { Success: true } m:
                errors[Wire(m.Groups["name"].Value)] = [Expected(m.Groups["type"].Value)];
                break;
            case BadHttpRequestException bad when MissingParameter().Match(bad.Message) is { Success: true } m && m.Groups["source"].Value != "body":
                errors[Wire(m.Groups["name"].Value)] = ["Required."];
                break;
            case BadHttpRequestException bad when bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase):
                errors["$"] = [$"A JSON body is required{Members(http)}."];
                break;
            default:
                details.Detail = "The request body or parameters could not be read.";
                return;
        }
        details.Extensions["errors"] = errors;
    }

    public static void DescribeUnsupportedMediaType(ProblemDetails details, HttpContext http)
    {
        details.Title = "Unsupported media type";
        details.Detail = $"Send the body as {string.Join(" or ", ContentTypes(http))} (Content-Type header).";
    }

    private static void Describe(JsonException json, Dictionary<string, string[]> errors)
    {
        var path = Wire(json.Path);
        if (Unmapped().Match(json.Message) is { Success: true } unmapped)
        {
            var name = unmapped.Groups["name"].Value;
            var key = path == "$" ? name : path.EndsWith(name, StringComparison.Ordinal) ? path : $"{path}.{name}";
            errors[key] = ["Unknown field: check its spelling against the API documentation."];
        }
        else if (Conversion().Match(json.Message) is { Success: true } conversion)
        {
            errors[path] = [ExpectedAt(conversion.Groups["type"].Value, path)];
        }
        else
        {
            errors[path] = [json.LineNumber is { } line
                ? $"Not valid JSON (line {line + 1}, byte {json.BytePositionInLine + 1})."
                : "Not valid JSON."];
        }
    }

    /// <summary>What a value of this .NET type looks like on the wire.</summary>
    internal static string Expected(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type == typeof(DateOnly) => "A date: YYYY-MM-DD.",
            _ when type == typeof(DateTime) || type == typeof(DateTimeOffset) => "A date and time with its offset (ISO 8601), e.g. 2026-12-20T09:30:00Z.",
            _ when type == typeof(bool) => "true or false.",
            _ when type == typeof(int) || type == typeof(long) || type == typeof(short) => "An integer.",
            _ when type == typeof(decimal) || type == typeof(double) || type == typeof(float) => "A number.",
            _ when type == typeof(string) => "A string.",
            _ when type.IsEnum => $"One of: {string.Join(", ", Enum.GetNames(type).Select(JsonNamingPolicy.SnakeCaseLower.ConvertName))}.",
            _ when type != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(type) => "An array.",
            _ => "A JSON object.",
        };
    }

    /// <summary>The same, from a parameter's C# type as binding errors write it (<c>Nullable&lt;int&gt;</c>, <c>DateTime?</c>).</summary>
    private static string Expected(string csharpType)
    {
        var name = Regex.Replace(csharpType, @"^Nullable<(.+)>$|\?$", "$1");
        var type = name switch
        {
            "int" => typeof(int),
            "long" => typeof(long),
            "bool" => typeof(bool),
            "string" => typeof(string),
            "decimal" => typeof(decimal),
            "double" => typeof(double),
            _ => FindType(name) ?? FindType("System." + name),
        };
        return type is null ? "A value of another type." : Expected(type);
    }

    /// <summary>The type a JSON path ends in: the message names the type being read, the path the member inside it.</summary>
    private static string ExpectedAt(string typeName, string path)
    {
        var type = FindType(typeName);
        if (type is null)
        {
            return "A value of another type.";
        }
        var member = path.Split('.').Last();
        var property = type.GetProperties().FirstOrDefault(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name) == member);
        return Expected(property?.PropertyType ?? type);
    }

    private static Type? FindType(string name) =>
        Type.GetType(name, throwOnError: false)
        ?? AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(name, throwOnError: false)).FirstOrDefault(t => t is not null)
        ?? typeof(BindingProblems).Assembly.GetTypes().FirstOrDefault(t => t.Name == name);

    /// <summary><c>$.admin.email</c> → <c>admin.email</c>; a C# parameter name → its snake_case wire name.</summary>
    private static string Wire(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "$";
        }
        var trimmed = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
        return trimmed.Contains('_', StringComparison.Ordinal) || trimmed.Contains('.', StringComparison.Ordinal) || trimmed.Contains('[', StringComparison.Ordinal)
            ? trimmed
            : JsonNamingPolicy.SnakeCaseLower.ConvertName(trimmed);
    }

    // The exception handler clears the request's endpoint before it runs; its feature keeps the one that failed.
    private static IAcceptsMetadata? Accepts(HttpContext http) =>
        (http.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? http.GetEndpoint())?.Metadata.GetMetadata<IAcceptsMetadata>();

    private static IEnumerable<string> ContentTypes(HttpContext http) =>
        Accepts(http)?.ContentTypes is { Count: > 0 } types ? types : ["application/json"];

    private static string Members(HttpContext http) =>
        Accepts(http)?.RequestType is { } type
            ? ", with: " + string.Join(", ", type.GetProperties().Select(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name)))
            : "";

    [GeneratedRegex("The JSON property '(?<name>[^']+)' could not be mapped")]
    private static partial Regex Unmapped();

    [GeneratedRegex(@"could not be converted to (?<type>\S+?)\.(\s|$)")]
    private static partial Regex Conversion();

    [GeneratedRegex("""Failed to bind parameter "(?<type>\S+) (?<name>\w+)" from""")]
    private static partial Regex FailedToBind();

    [GeneratedRegex("""Required parameter "(?<type>\S+) (?<name>\w+)" was not provided from (?<source>\w+)""")]
    private static partial Regex MissingParameter();
}
