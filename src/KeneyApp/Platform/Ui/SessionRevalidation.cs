using KeneyApp.Platform.Security;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace KeneyApp.Platform.Ui;

/// <summary>
/// An open page checks its session every 30 seconds as well: a page left open after the session ended elsewhere,
/// or left alone past the idle limit, signs itself out even if nobody touches it.
/// </summary>
internal sealed class SessionRevalidation(ILoggerFactory loggers, IServiceScopeFactory scopes, SessionCheck sessions, UiActivity activity)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(30);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken)
    {
        if (await activity.EndIfIdleAsync(state.User, counts: false, cancellationToken))
        {
            return false;
        }
        await using var scope = scopes.CreateAsyncScope();
        return await sessions.IsOpenAsync(state.User, scope.ServiceProvider, cancellationToken);
    }
}
