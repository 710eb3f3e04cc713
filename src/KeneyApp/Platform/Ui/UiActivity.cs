using System.Security.Claims;
using KeneyApp.Platform.Security;

namespace KeneyApp.Platform.Ui;

/// <summary>
/// The idle limit of a live page. Its actions travel over the page's connection, not as HTTP requests, so the
/// cookie's sliding expiry never sees them: the page keeps its own last-action time. Past the limit (15 minutes
/// unless <c>Ui:IdleMinutes</c> says otherwise) the login session ends, as a sign-out would end it, and every
/// copy of its cookie with it.
/// </summary>
public sealed class UiActivity(TimeProvider clock, IConfiguration configuration, IServiceScopeFactory scopes)
{
    private DateTimeOffset _lastAction = clock.GetUtcNow();

    /// <summary>When the page's idle limit falls, unless the user acts before.</summary>
    public DateTimeOffset IdleDeadline => _lastAction + IdleLimit;

    public TimeSpan IdleLimit { get; } = TimeSpan.FromMinutes(configuration.GetValue("Ui:IdleMinutes", UiCookie.IdleTimeout.TotalMinutes));

    /// <summary>True, and the session ended, when the page has been idle past the limit; otherwise the action counts.</summary>
    public async Task<bool> EndIfIdleAsync(ClaimsPrincipal user, bool counts, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (now - _lastAction <= IdleLimit)
        {
            if (counts)
            {
                _lastAction = now;
            }
            return false;
        }
        if (Guid.TryParse(user.FindFirst(KeneyClaims.SessionId)?.Value, out var session))
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<SessionRevocations>().EndAsync(session, SessionEndReasons.Idle, ct);
        }
        return true;
    }
}
