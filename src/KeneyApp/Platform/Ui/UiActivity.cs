using System.Collections.Concurrent;
using System.Security.Claims;
using KeneyApp.Platform.Security;

namespace KeneyApp.Platform.Ui;

/// <summary>
/// The idle limit of live pages. Their actions travel over each page's connection, not as HTTP requests, so the
/// cookie's sliding expiry never sees them: the last action is kept per login session, across all its open tabs
/// (<see cref="SessionActivity"/>), so a tab left in the background never signs out the one the user works in.
/// Past the limit (15 minutes unless <c>Ui:IdleMinutes</c> says otherwise) the login session ends, as a sign-out
/// would end it, and every copy of its cookie with it.
/// </summary>
public sealed class UiActivity(TimeProvider clock, IConfiguration configuration, IServiceScopeFactory scopes, SessionActivity sessions)
{
    // Opening a page is an action.
    private readonly DateTimeOffset _opened = clock.GetUtcNow();
    private DateTimeOffset _lastHere = clock.GetUtcNow();

    public TimeSpan IdleLimit { get; } = TimeSpan.FromMinutes(configuration.GetValue("Ui:IdleMinutes", UiCookie.IdleTimeout.TotalMinutes));

    /// <summary>When the session's idle limit falls, unless the user acts before, in this tab or another.</summary>
    public DateTimeOffset IdleDeadline(ClaimsPrincipal user) => LastAction(user) + IdleLimit;

    /// <summary>True, and the session ended, when it has been idle past the limit; otherwise the action counts.</summary>
    public async Task<bool> EndIfIdleAsync(ClaimsPrincipal user, bool counts, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var session = SessionOf(user);
        if (now - LastAction(user) <= IdleLimit)
        {
            if (counts)
            {
                _lastHere = now;
                if (session is { } id)
                {
                    sessions.Touch(id, now, IdleLimit);
                }
            }
            return false;
        }
        if (session is { } ended)
        {
            sessions.Forget(ended);
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<SessionRevocations>().EndAsync(ended, SessionEndReasons.Idle, ct);
        }
        return true;
    }

    private DateTimeOffset LastAction(ClaimsPrincipal user) =>
        SessionOf(user) is { } session ? sessions.LastAction(session, _opened) : _lastHere;

    private static Guid? SessionOf(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirst(KeneyClaims.SessionId)?.Value, out var session) ? session : null;
}

/// <summary>The last action of each signed-in session's live pages, whichever tab it came from (one per node).</summary>
public sealed class SessionActivity
{
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _last = new();

    /// <summary>The session's last action, counting a page opened at <paramref name="opened"/> as one.</summary>
    public DateTimeOffset LastAction(Guid session, DateTimeOffset opened) =>
        _last.AddOrUpdate(session, opened, (_, last) => last > opened ? last : opened);

    public void Touch(Guid session, DateTimeOffset now, TimeSpan idleLimit)
    {
        _last.AddOrUpdate(session, now, (_, last) => last > now ? last : now);
        // Sessions that ended without their pages noticing (signed out, closed): forgotten once long idle.
        if (_last.Count > 1000)
        {
            foreach (var (key, last) in _last)
            {
                if (now - last > 2 * idleLimit)
                {
                    _last.TryRemove(key, out _);
                }
            }
        }
    }

    public void Forget(Guid session) => _last.TryRemove(session, out _);
}
