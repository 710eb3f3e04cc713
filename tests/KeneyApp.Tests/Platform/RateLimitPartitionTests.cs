using System.Net;
using KeneyApp.Platform.Http;

namespace KeneyApp.Tests.Platform;

/// <summary>Per-address limits count an IPv6 subscriber's /64 as one address; IPv4 addresses stay as they are.</summary>
public sealed class RateLimitPartitionTests
{
    [Theory]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:ffff", true)]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:3::1", false)]
    [InlineData("192.0.2.1", "192.0.2.1", true)]
    [InlineData("192.0.2.1", "192.0.2.2", false)]
    [InlineData("::ffff:192.0.2.1", "192.0.2.1", true)]
    public void Addresses_share_a_limit_when_they_are_one_subscriber(string a, string b, bool same) =>
        Assert.Equal(same, Equals(RateLimits.Network(IPAddress.Parse(a)), RateLimits.Network(IPAddress.Parse(b))));
}
