namespace KeneyApp.Platform.Http;

/// <summary><c>skip</c> (default 0) and <c>limit</c> (default 50, at most 100); the total goes in <c>X-Total-Count</c>.</summary>
public sealed record Paging(int? Skip, int? Limit)
{
    public const string TotalCountHeader = "X-Total-Count";
    public const int MaxLimit = 100;

    public int Offset => Skip ?? 0;
    public int Count => Limit ?? 50;

    /// <summary>200 with one page of items and the total count in <c>X-Total-Count</c>.</summary>
    public static IResult Page<T>(HttpResponse response, IReadOnlyList<T> items, int total)
    {
        response.Headers[TotalCountHeader] = total.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new JsonPage<T>(items);
    }

    /// <summary>
    /// What <c>TypedResults.Ok</c> writes, without the logger it asks the factory for on every call: the factory
    /// hands it out under a process-wide lock, which the busiest lists (a conversation's pages) queued on.
    /// </summary>
    private sealed class JsonPage<T>(IReadOnlyList<T> items) : IResult
    {
        public Task ExecuteAsync(HttpContext context) => context.Response.WriteAsJsonAsync(items);
    }

    public Problem? Validate()
    {
        var validation = new Validation()
            .Check(Offset >= 0, "skip", "Must be 0 or more.")
            .Check(Count is >= 1 and <= MaxLimit, "limit", $"Between 1 and {MaxLimit}.");
        return validation.IsValid ? null : validation.ToProblem();
    }
}
