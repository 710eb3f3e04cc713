using StackExchange.Redis;

namespace KeneyApp.Platform.Http;

/// <summary>
/// <c>REDIS_URL</c> as hosting providers give it (<c>redis://[:password@]host:port[/db]</c>, <c>rediss://</c> for TLS),
/// or StackExchange.Redis's own configuration string (<c>host:port,password=…</c>).
/// </summary>
public static class RedisAddress
{
    public static ConfigurationOptions Options(string url)
    {
        if (!url.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) && !url.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase))
        {
            var parsed = ConfigurationOptions.Parse(url);
            parsed.AbortOnConnectFail = false;
            return parsed;
        }
        var uri = new Uri(url);
        var options = new ConfigurationOptions { Ssl = uri.Scheme.Equals("rediss", StringComparison.OrdinalIgnoreCase), AbortOnConnectFail = false };
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
}
