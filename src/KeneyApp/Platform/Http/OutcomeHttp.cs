namespace KeneyApp.Platform.Http;

/// <summary>The one mapping from handler outcomes to HTTP answers.</summary>
public static class OutcomeHttp
{
    public static IResult ToHttp<T>(this Outcome<T> outcome, Func<T, IResult> onSuccess) =>
        outcome.Problem is { } problem ? problem.ToHttp() : onSuccess(outcome.Value!);

    public static IResult ToHttp(this Problem problem)
    {
        var extensions = new Dictionary<string, object?>();
        foreach (var (key, value) in problem.Extensions ?? new Dictionary<string, object?>())
        {
            extensions[key] = value;
        }
        if (problem.Errors is not null)
        {
            extensions["errors"] = problem.Errors;
        }
        return TypedResults.Problem(problem.Detail, statusCode: problem.Status, title: problem.Title,
            type: ProblemTypes.For(problem.Status), extensions: extensions);
    }
}

public static class ProblemTypes
{
    public static string For(int status) => status switch
    {
        400 => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        401 => "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        403 => "https://tools.ietf.org/html/rfc9110#section-15.5.4",
        404 => "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        405 => "https://tools.ietf.org/html/rfc9110#section-15.5.6",
        409 => "https://tools.ietf.org/html/rfc9110#section-15.5.10",
        413 => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        415 => "https://tools.ietf.org/html/rfc9110#section-15.5.16",
        423 => "https://tools.ietf.org/html/rfc4918#section-11.3",
        429 => "https://tools.ietf.org/html/rfc6585#section-4",
        _ => "https://tools.ietf.org/html/rfc9110#section-15.6.1",
    };
}
