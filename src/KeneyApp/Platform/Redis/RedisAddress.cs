using StackExchange.Redis;

namespace KeneyApp.Platform.Redis;

/// <summary>
/// <c>REDIS_URL</c> as hosting providers give it (<c>redis://[:password@]host:port[/db]</c>, <c>rediss://</c> for TLS),
/// or StackExchange.Redis's own configuration string (<c>host:port,password=…</c>).
/// </summary>
public static class RedisAddress
{
    /// <summary>
    /// With <c>REDIS_URL</c>, one connection for the node (it reconnects by itself): where the nodes of a deployment
    /// count their rate limits and tell each other's live pages of changes. Without it, nothing is registered.
    /// </summary>
    public static IServiceCollection AddKeneyRedis(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration["Redis:Url"] is { Length: > 0 } url)
        {
            var options = Options(url);
            services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
        }
        return services;
    }

    public static ConfigurationOptions Options(string url)
    {
        if (!url.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) && !url.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase))
        {
            return Resilient(ConfigurationOptions.Parse(url));
        }
        var uri = new Uri(url);
        var options = Resilient(new ConfigurationOptions { Ssl = uri.Scheme.Equals("rediss", StringComparison.OrdinalIgnoreCase) });
        options.EndPoints.Add(uri.Host, uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port);
        if (uri.UserInfo is { Length: > 0 } userInfo)
        {
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            var user = colon < 0 ? "" : Uri.UnescapeDataString(userInfo[..colon]);
            options.User = user.Length > 0 ? user : null;
            options.Password = Uri.UnescapeDataString(colon < 0 ? userInfo : userInfo[(colon + 1)..]);
        }
        if (uri.AbsolutePath.Trim('/') is { Length: > 0 } database && int.TryParse(database, out var number))
        {
            options.DefaultDatabase = number;
        }
        return options;
    }

    /// <summary>
    /// A node starts without Redis and reconnects by itself; while Redis is away a command fails at once instead of
    /// waiting in a queue, so that its callers (the rate limits) fall back to the node's own count without delay.
    /// </summary>
    private static ConfigurationOptions Resilient(ConfigurationOptions options)
    {
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ConnectTimeout = 2000;
        options.AsyncTimeout = 2000;
        return options;
    }
}
