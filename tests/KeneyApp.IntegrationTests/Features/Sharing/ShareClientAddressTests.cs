using KeneyApp.IntegrationTests.Infrastructure;
using KeneyApp.IntegrationTests.Platform;
using static KeneyApp.IntegrationTests.Features.Sharing.Shares;

namespace KeneyApp.IntegrationTests.Features.Sharing;

/// <summary>
/// A share's last opening records the real client's address: the one a configured proxy forwards, and never one
/// that a client names itself when no proxy is trusted.
/// </summary>
public static class ShareClientAddress
{
    /// <summary>Opens a new share with <c>X-Forwarded-For: <paramref name="forwardedFor"/></c>; answers the address recorded.</summary>
    public static async Task<string?> RecordedAsync(AppFixture app, string forwardedFor)
    {
        var (share, token, pin) = await JeanSharedAsync(app);
        using var opener = app.Anonymous();
        opener.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        await (await AccessAsync(opener, token, pin)).AssertOk();
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        return (await (await doctor.GetAsync($"/api/v1/shares/{share.GetProperty("id").GetInt32()}")).AssertOk()).GetProperty("last_accessed_ip").GetString();
    }
}

public sealed class ShareAddressBehindAProxyTests(RemoteClientApp app) : IClassFixture<RemoteClientApp>
{
    [Fact]
    public async Task The_last_opening_records_the_address_the_trusted_proxy_forwards() =>
        Assert.Equal("203.0.113.60", await ShareClientAddress.RecordedAsync(app, "203.0.113.60"));
}

public sealed class ShareAddressWithoutTrustedProxyTests(UntrustedProxyApp app) : IClassFixture<UntrustedProxyApp>
{
    [Fact]
    public async Task A_forwarded_address_from_an_unknown_sender_is_not_recorded() =>
        Assert.Equal("198.51.100.8", await ShareClientAddress.RecordedAsync(app, "203.0.113.61"));
}
