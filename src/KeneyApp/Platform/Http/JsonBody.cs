using System.Text.Json;
using Microsoft.Extensions.Options;

namespace KeneyApp.Platform.Http;

/// <summary>
/// What <c>TypedResults.Ok</c> and <c>Created</c> write (status, optional Location, the value as JSON with the
/// app's options), for the hot paths (list pages, sends). Two things differ, both measured on conversation pages
/// (bench/scenarios/messaging.sh):
/// <list type="bullet">
/// <item>no logger is asked of the logger factory per call, which hands them out under a process-wide lock;</item>
/// <item>the body is serialised first and sent with its <c>Content-Length</c> in one write, instead of being
/// streamed in chunks and closed by a chunk of its own.</item>
/// </list>
/// </summary>
public sealed class JsonBody<T>(T value, int status = StatusCodes.Status200OK, string? location = null) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        var options = httpContext.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value;
        var body = JsonSerializer.SerializeToUtf8Bytes(value, options.SerializerOptions);
        var response = httpContext.Response;
        response.StatusCode = status;
        if (location is not null)
        {
            response.Headers.Location = location;
        }
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body).AsTask();
    }
}

public static class JsonBody
{
    public static JsonBody<T> Created<T>(string location, T value) => new(value, StatusCodes.Status201Created, location);
}
