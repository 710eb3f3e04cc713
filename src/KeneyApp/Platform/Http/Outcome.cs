namespace KeneyApp.Platform.Http;

/// <summary>What a handler answers, seen without its value's type (a page that ran it audits its refusals).</summary>
public interface IOutcome
{
    Problem? Problem { get; }
}

/// <summary>What a handler answers: a value, or a problem that <see cref="OutcomeHttp"/> turns into RFC 9457 details.</summary>
public readonly record struct Outcome<T>(T? Value, Problem? Problem) : IOutcome
{
    public bool IsSuccess => Problem is null;

    public static implicit operator Outcome<T>(T value) => new(value, null);
    public static implicit operator Outcome<T>(Problem problem) => new(default, problem);
}

/// <summary>A failure a client can act on. Extensions become top-level members of the problem object.</summary>
public sealed record Problem(
    int Status,
    string Title,
    string? Detail = null,
    IReadOnlyDictionary<string, string[]>? Errors = null,
    IReadOnlyDictionary<string, object?>? Extensions = null)
{
    public static Problem NotFound(string what = "resource") => new(404, "Not found", $"The {what} does not exist.");
    public static Problem Forbidden(string detail = "Your role does not allow this.") => new(403, "Forbidden", detail);
    public static Problem Unauthorized(string detail, IReadOnlyDictionary<string, object?>? extensions = null) =>
        new(401, "Unauthorized", detail, Extensions: extensions);
    public static Problem Conflict(string detail, IReadOnlyDictionary<string, object?>? extensions = null) =>
        new(409, "Conflict", detail, Extensions: extensions);
    public static Problem Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });
    public static Problem Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        new(400, "Validation failed", "One or more fields are invalid.", errors);
}
