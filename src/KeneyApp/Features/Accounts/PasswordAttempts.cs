using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Accounts;

/// <summary>
/// The one lockout for every check of a secret the account owner knows: login (password, then one-time code),
/// and re-authentication (current password for a password change or MFA set-up, a code to turn MFA off). An
/// attempt is taken in the database, atomically, <em>before</em> the secret is checked, so parallel guesses
/// cannot outnumber the allowance; the attempt that uses it up starts a 15-minute lockout (never a permanent
/// one), and a right answer gives the count back.
/// </summary>
public sealed class PasswordAttempts(AppDbContext db, TimeProvider clock)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    public static readonly Problem LockedOut = new(429, "Too many attempts",
        $"Too many failed attempts: try again in {LockoutDuration.TotalMinutes:0} minutes.");

    /// <summary>Takes one attempt. False: the account is locked out, and the secret must not be checked.</summary>
    public async Task<bool> TryTakeAsync(int userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var user = db.Users.IgnoreQueryFilters().Where(u => u.Id == userId);
        // A lockout that has run out starts a fresh count.
        await user.Where(u => u.LockoutEnd != null && u.LockoutEnd <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEnd, (DateTime?)null).SetProperty(u => u.AccessFailedCount, 0), ct);
        // One statement counts the attempt and, for the one that uses up the allowance, starts the lockout: the
        // next ones are refused whatever this one's result, and no failure between two writes can leave a count
        // at the limit with no lockout to end it.
        var lockoutEnd = now + LockoutDuration;
        var taken = await user.Where(u => u.LockoutEnd == null && u.AccessFailedCount < MaxFailures)
            .ExecuteUpdateAsync(s => s
                .SetProperty(u => u.AccessFailedCount, u => u.AccessFailedCount + 1)
                .SetProperty(u => u.LockoutEnd, u => u.AccessFailedCount + 1 >= MaxFailures ? lockoutEnd : (DateTime?)null), ct);
        return taken == 1;
    }

    /// <summary>The secret was right: the count starts again (and a lockout begun by this very attempt is lifted).</summary>
    public Task SucceededAsync(int userId, CancellationToken ct) =>
        db.Users.IgnoreQueryFilters().Where(u => u.Id == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessFailedCount, 0).SetProperty(u => u.LockoutEnd, (DateTime?)null), ct);
}
