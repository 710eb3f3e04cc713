using System.Security.Claims;
using KeneyApp.Platform.Crypto;
using KeneyApp.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace KeneyApp.Tests.Platform.Crypto;

/// <summary>A signed-in request's clinic keys are in memory before its handler runs; an anonymous one loads none.</summary>
public sealed class ClinicKeysTests
{
    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 0)]
    public async Task The_callers_clinic_keys_are_loaded_before_the_handler_runs(bool signedIn, int keysWhenHandled)
    {
        using var ring = new TestKeyRing();
        int? cachedWhenHandled = null;
        var app = new ApplicationBuilder(ring.Services);
        app.UseClinicKeys();
        app.Run(_ =>
        {
            cachedWhenHandled = ring.Keys.CachedKeyCount;
            return Task.CompletedTask;
        });
        using var scope = ring.Services.CreateScope();
        var identity = signedIn ? new ClaimsIdentity([new Claim(KeneyClaims.TenantId, "5")], "test") : new ClaimsIdentity();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider, User = new ClaimsPrincipal(identity) };
        ring.Services.GetRequiredService<IHttpContextAccessor>().HttpContext = context;

        await app.Build()(context);

        Assert.Equal(keysWhenHandled, cachedWhenHandled);
        if (signedIn)
        {
            ring.CloseDatabase(); // what follows is answered from memory
            Assert.Equal(Aead.KeySize, ring.Keys.ActiveKey(5).Key.Length);
        }
    }
}
