using Microsoft.AspNetCore.Mvc;

namespace KeneyApp.Platform.Http;

/// <summary><c>skip</c> (default 0) and <c>limit</c> (default 50, at most 100); the total goes in <c>X-Total-Count</c>.</summary>
public sealed record Paging([FromQuery(Name = "skip")] int? Skip, [FromQuery(Name = "limit")] int? Limit)
{
    public const string TotalCountHeader = "X-Total-Count";
    public const int MaxLimit = 100;

    public int Offset => Skip ?? 0;
    public int Count => Limit ?? 50;

    /// <summary>200 with one page of items and the total count in <c>X-Total-Count</c>.</summary>
    public static IResult Page<T>(HttpResponse response, IReadOnlyList<T> items, int total)
    {
        response.Headers[TotalCountHeader] = total.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new JsonBody<IReadOnlyList<T>>(items);
    }

    public Problem? Validate()
    {
        var validation = new Validation()
            .Check(Offset >= 0, "skip", "Must be 0 or more.")
            .Check(Count is >= 1 and <= MaxLimit, "limit", $"Between 1 and {MaxLimit}.");
        return validation.IsValid ? null : validation.ToProblem();
    }
}
