using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace KeneyApp.Platform.Http;

/// <summary>
/// The address users reach the app at, for links sent by e-mail: <c>PUBLIC_URL</c>, else the address this
/// server listens on. Never the request's Host header: a link built from it would send a patient's one-time
/// token wherever the caller pointed it.
/// </summary>
public sealed class PublicAddress(IConfiguration configuration, IServiceProvider services)
{
    public string BaseUrl
    {
        get
        {
            if (configuration["PUBLIC_URL"] is { Length: > 0 } url)
            {
                return url.TrimEnd('/');
            }
            var listening = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? "http://localhost:8000";
            var uri = new UriBuilder(listening.Replace("://+", "://localhost", StringComparison.Ordinal)
                .Replace("://*", "://localhost", StringComparison.Ordinal));
            if (uri.Host is "0.0.0.0" or "[::]" or "::")
            {
                uri.Host = "localhost";
            }
            return uri.Uri.GetLeftPart(UriPartial.Authority);
        }
    }
}
