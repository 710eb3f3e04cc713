using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Security;

namespace KeneyApp.Features.Accounts;

/// <summary>Ends the caller's login session: its refresh tokens and its access token stop working at once.</summary>
public sealed class Logout(AppDbContext db, CurrentUser user, SessionRevocations revocations, AuditLog audit)
{
    public async Task HandleAsync(CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (user.SessionId is { } session)
        {
            await revocations.EndAsync(session, SessionEndReasons.Logout, ct);
        }
        await audit.RecordAsync(AuditActions.Logout, "session", user.SessionId, ct: ct);
        await tx.CommitAsync(ct);
    }
}
