using KeneyApp.Platform.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace KeneyApp.Platform.Ui;

/// <summary>
/// How an interactive page calls a handler (the same handler the API calls, never HTTP to the API): in a DI scope
/// of its own, since a page's circuit lives for the whole visit and one database context across all its events
/// would be long-lived and shared; as the signed-in user; and only while that user's session is open and the page
/// has not been idle past its limit (<see cref="UiActivity"/>). An ended session (signed out elsewhere, locked,
/// revoked, idle) sends the browser to the sign-in page instead.
/// </summary>
public sealed class UiOperations(IServiceScopeFactory scopes, AuthenticationStateProvider authentication, SessionCheck sessions,
    UiActivity activity, NavigationManager navigation)
{
    /// <summary>The handler's result, or default when the session has ended (the browser is on its way to sign in).</summary>
    public Task<T?> RunAsync<THandler, T>(Func<THandler, CancellationToken, Task<T>> work, CancellationToken ct = default)
        where THandler : notnull => RunAsync(work, userAction: true, ct);

    /// <summary>
    /// As <see cref="RunAsync{THandler,T}(Func{THandler,CancellationToken,Task{T}},CancellationToken)"/>, for what the page
    /// does by itself (a live refresh when a message arrives): it does not count as the user's action, so an unattended
    /// page still reaches its idle limit.
    /// </summary>
    public Task<T?> RefreshAsync<THandler, T>(Func<THandler, CancellationToken, Task<T>> work, CancellationToken ct = default)
        where THandler : notnull => RunAsync(work, userAction: false, ct);

    private TimeZoneInfo? _zone;

    /// <summary>
    /// The clinic's time zone, in which every date and time of a page is shown: read once per live page (a circuit)
    /// rather than by each component; a changed zone shows at the next page load.
    /// </summary>
    public async Task<TimeZoneInfo> ClinicZoneAsync() =>
        _zone ??= await RunAsync<Domain.ClinicCalendar, TimeZoneInfo>((calendar, ct) => calendar.ZoneAsync(ct)) ?? TimeZoneInfo.Utc;

    /// <summary>The user's action that keeps the page alive without calling anything (the idle warning's button).</summary>
    public Task<bool> StayAsync() => RunAsync<SessionCheck, bool>((_, _) => Task.FromResult(true));

    private async Task<T?> RunAsync<THandler, T>(Func<THandler, CancellationToken, Task<T>> work, bool userAction, CancellationToken ct)
        where THandler : notnull
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        await using var scope = scopes.CreateAsyncScope();
        if (await activity.EndIfIdleAsync(user, counts: userAction, ct) || !await sessions.IsOpenAsync(user, scope.ServiceProvider, ct))
        {
            navigation.NavigateTo("/sign-in", forceLoad: true);
            return default;
        }
        scope.ServiceProvider.GetRequiredService<CallerPrincipal>().Use(user);
        var result = await work(scope.ServiceProvider.GetRequiredService<THandler>(), ct);
        // A refusal is on the record as the API's are (someone changing an id in the address probes like an API
        // caller), though a page has no 403 or 404 answer for the API's denial audit to see.
        if (result is Http.IOutcome { Problem.Status: 403 or 404 } refused)
        {
            await Audit.DenialAudit.RecordPageRefusalAsync(scope.ServiceProvider.GetRequiredService<Audit.AuditLog>(),
                navigation.ToBaseRelativePath(navigation.Uri), refused.Problem.Status, CancellationToken.None);
        }
        return result;
    }
}
