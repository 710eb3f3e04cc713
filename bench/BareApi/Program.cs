// The smallest ASP.NET Core app: the ceiling that KeneyApp's endpoints are compared to.
var builder = WebApplication.CreateBuilder(args);
// Per-request Information logs would measure the console, not the framework.
builder.Logging.SetMinimumLevel(LogLevel.Warning);
// Large bodies (the documents scenario drains 50 MB uploads), as the app allows on its upload endpoint.
builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = null);
var app = builder.Build();

app.MapGet("/json", () => new { message = "Hello, World!" });

app.MapPost("/drain", async (HttpRequest request) =>
{
    await request.Body.CopyToAsync(Stream.Null);
    return Results.NoContent();
});

// Sends n bytes from one reused buffer: the ceiling for a download of that size.
app.MapGet("/bytes/{n:long}", (long n) => Results.Stream(async body =>
{
    var chunk = new byte[81920];
    for (var left = n; left > 0; left -= chunk.Length)
    {
        await body.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, left)));
    }
}, "application/octet-stream"));

app.Run();
