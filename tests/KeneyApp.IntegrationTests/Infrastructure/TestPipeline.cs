using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace KeneyApp.IntegrationTests.Infrastructure;

/// <summary>
/// Test-only additions to the real pipeline: a client address (the test server has none; loopback unless the
/// fixture names one, none at all for requests with <see cref="NoAddressHeader"/>) set before everything, and a
/// route that fails after everything, to see what a 500 gives away.
/// </summary>
public sealed class TestPipeline(IPAddress? clientAddress) : IStartupFilter
{
    public const string ThrowPath = "/api/v1/test-only/throw";
    public const string NoAddressHeader = "X-Test-No-Client-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress = context.Request.Headers.ContainsKey(NoAddressHeader) ? null : clientAddress ?? IPAddress.Loopback;
            return nextMiddleware(context);
        });
        next(app);
        app.Use(async (HttpContext context, Func<Task> _) =>
        {
            if (context.Request.Path == ThrowPath)
            {
                using var reader = new StreamReader(context.Request.Body);
                var body = await reader.ReadToEndAsync();
                throw new InvalidOperationException("Failed while handling " + body + " for " + context.Request.QueryString);
            }
            context.Response.StatusCode = StatusCodes.Status404NotFound;
        });
    };
}
