// The smallest ASP.NET Core app: the ceiling that KeneyApp's endpoints are compared to.
var builder = WebApplication.CreateBuilder(args);
// Per-request Information logs would measure the console, not the framework.
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var app = builder.Build();

app.MapGet("/json", () => new { message = "Hello, World!" });

app.MapPost("/drain", async (HttpRequest request) =>
{
    await request.Body.CopyToAsync(Stream.Null);
    return Results.NoContent();
});

app.Run();
