using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Platform.Identity;

/// <summary>
/// Which accounts may hold a session at all: active, not locked by an admin, in an open clinic (platform
/// operators have none). One rule for login, refresh and the check every request makes.
/// </summary>
public static class AccountStanding
{
    public static IQueryable<User> InGoodStanding(this AppDbContext db) =>
        db.Users.IgnoreQueryFilters()
            .Where(u => u.IsActive && !u.IsLocked && (u.TenantId == null || db.Tenants.Any(t => t.Id == u.TenantId && t.IsActive)));

    public static Task<bool> MaySignInAsync(this AppDbContext db, int userId, CancellationToken ct) =>
        db.InGoodStanding().AnyAsync(u => u.Id == userId, ct);
}
