using System.Security.Claims;
using Bunit;
using KeneyApp.Features;
using KeneyApp.Platform.Security;
using KeneyApp.Platform.Ui;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace KeneyApp.Tests.Ui;

/// <summary>
/// The header's links as each role gets them: the links every feature registers, filtered by the real permission
/// policies. A link shown to a role that may not use it would lead to a refusal; a missing one hides a feature.
/// </summary>
public sealed class NavigationByRoleTests : IAsyncLifetime
{
    private readonly BunitContext _context = new();

    public NavigationByRoleTests()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        // The idle warning has its own timer and session checks (a browser test covers it).
        _context.ComponentFactories.AddStub<IdleWarning>();
        var services = _context.Services;
        services.AddKeneyFeatures(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(), KeneyApp.Platform.Configuration.HostRole.Web);
        // The unread count is a live component of its own (tested in the browser); here only the links matter.
        var registry = (UiRegistry)services.Single(d => d.ServiceType == typeof(UiRegistry)).ImplementationInstance!;
        for (var i = 0; i < registry.NavLinks.Count; i++)
        {
            registry.NavLinks[i] = registry.NavLinks[i] with { Badge = null };
        }
        services.AddLocalization();
        services.AddMudServices();
        services.AddAuthorizationCore();
        services.AddPermissionPolicies();
        // bUnit puts a placeholder in front; the real service evaluates the app's own policies.
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationService, Microsoft.AspNetCore.Authorization.DefaultAuthorizationService>();
        services.AddSingleton<AntiforgeryStateProvider, NoAntiforgery>();
    }

    private IReadOnlyList<string> LinksOf(string role)
    {
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(KeneyClaims.UserId, "7"), new Claim(KeneyClaims.Role, role), new Claim(KeneyClaims.Name, "Test")], "test", KeneyClaims.Name, KeneyClaims.Role));
        _context.Services.AddSingleton<AuthenticationStateProvider>(new FixedAuthentication(principal));
        _context.Services.AddCascadingAuthenticationState();
        var layout = _context.Render<MainLayout>();
        return [.. layout.FindAll("nav a").Select(a => a.GetAttribute("href")!)];
    }

    [Theory]
    [InlineData(Roles.Doctor, new[] { "/patients", "/schedule", "/messages", "/shares", "/notifications" })]
    [InlineData(Roles.Nurse, new[] { "/patients", "/schedule", "/messages", "/notifications" })]
    [InlineData(Roles.Receptionist, new[] { "/patients", "/schedule", "/messages", "/notifications" })]
    [InlineData(Roles.Admin, new[] { "/patients", "/schedule", "/messages", "/shares", "/notifications", "/admin/users", "/admin/clinic", "/admin/notifications", "/audit" })]
    [InlineData(Roles.Patient, new[] { "/my-record", "/messages", "/shares", "/notifications" })]
    [InlineData(Roles.SuperAdmin, new[] { "/operator/clinics" })]
    public void Each_role_gets_the_links_it_may_use(string role, string[] expected) =>
        Assert.Equal(expected.Order(StringComparer.Ordinal), LinksOf(role).Order(StringComparer.Ordinal));

    [Fact]
    public void An_unknown_role_gets_no_link()
    {
        Assert.Empty(LinksOf("intruder"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _context.DisposeAsync().AsTask();

    private sealed class FixedAuthentication(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }

    private sealed class NoAntiforgery : AntiforgeryStateProvider
    {
        public override AntiforgeryRequestToken? GetAntiforgeryToken() => null;
    }
}
