using KeneyApp.IntegrationTests.Infrastructure;
using KeneyApp.IntegrationTests.Platform;
using static KeneyApp.IntegrationTests.Features.Sharing.Shares;

namespace KeneyApp.IntegrationTests.Features.Sharing;

/// <summary>
/// A share's last opening records the real client's address: the one a configured proxy forwards, and never one
/// that a client names itself when no proxy is trusted.
/// </summary>
public sealed class ShareAddressBehindAProxyTests(RemoteClientApp app) : IClassFixture<RemoteClientApp>
{
    [Fact]
    public async Task The_last_opening_records_the_address_the_trusted_proxy_forwards()
    {
        var (share, token, pin) = await JeanSharedAsync(app);
        using var throughProxy = app.Anonymous();
        throughProxy.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.60");
        await (await AccessAsync(throughProxy, token, pin)).AssertOk();
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var read = await (await doctor.GetAsync($"/api/v1/shares/{share.GetProperty("id").GetInt32()}")).AssertOk();
        Assert.Equal("203.0.113.60", read.GetProperty("last_accessed_ip").GetString());
    }
}

public sealed class ShareAddressWithoutTrustedProxyTests(UntrustedProxyApp app) : IClassFixture<UntrustedProxyApp>
{
    [Fact]
    public async Task A_forwarded_address_from_an_unknown_sender_is_not_recorded()
    {
        var (share, token, pin) = await JeanSharedAsync(app);
        using var claiming = app.Anonymous();
        claiming.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.61");
        await (await AccessAsync(claiming, token, pin)).AssertOk();
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var read = await (await doctor.GetAsync($"/api/v1/shares/{share.GetProperty("id").GetInt32()}")).AssertOk();
        Assert.Equal("198.51.100.8", read.GetProperty("last_accessed_ip").GetString());
    }
}
