using System.Net;
using KeneyApp.Platform.Redis;

namespace KeneyApp.Tests.Platform;

/// <summary>REDIS_URL in the forms hosting providers give it, and StackExchange.Redis's own.</summary>
public sealed class RedisAddressTests
{
    [Fact]
    public void A_url_gives_host_port_password_database_and_tls()
    {
        var options = RedisAddress.Options("rediss://:s%40cret@cache.internal:6380/2");
        var endpoint = Assert.IsType<DnsEndPoint>(Assert.Single(options.EndPoints));
        Assert.Equal(("cache.internal", 6380), (endpoint.Host, endpoint.Port));
        Assert.Equal("s@cret", options.Password);
        Assert.Null(options.User);
        Assert.Equal(2, options.DefaultDatabase);
        Assert.True(options.Ssl);
        Assert.False(options.AbortOnConnectFail);
    }

    [Fact]
    public void A_url_without_port_or_password_uses_redis_defaults()
    {
        var options = RedisAddress.Options("redis://app:pw@cache.internal");
        var endpoint = Assert.IsType<DnsEndPoint>(Assert.Single(options.EndPoints));
        Assert.Equal(6379, endpoint.Port);
        Assert.Equal(("app", "pw"), (options.User, options.Password));
        Assert.False(options.Ssl);
        Assert.Null(options.DefaultDatabase);
    }

    [Fact]
    public void A_configuration_string_is_read_as_stackexchange_redis_reads_it()
    {
        var options = RedisAddress.Options("cache.internal:6390,password=pw");
        Assert.Equal(6390, Assert.IsType<DnsEndPoint>(Assert.Single(options.EndPoints)).Port);
        Assert.Equal("pw", options.Password);
        Assert.False(options.AbortOnConnectFail);
    }
}
