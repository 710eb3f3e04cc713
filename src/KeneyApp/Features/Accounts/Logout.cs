using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Security;

namespace KeneyApp.Features.Accounts;

/// <summary>Ends the caller's login session: every refresh token of its family is revoked.</summary>
public sealed class Logout(CurrentUser user, Sessions sessions, AuditLog audit)
{
    public async Task HandleAsync(CancellationToken ct)
    {
        if (user.SessionId is { } family)
        {
            await sessions.RevokeFamilyAsync(family, ct);
        }
        await audit.RecordAsync(AuditActions.Logout, "session", user.SessionId, ct: ct);
    }
}
