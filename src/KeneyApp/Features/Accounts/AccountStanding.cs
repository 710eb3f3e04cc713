using KeneyApp.Platform.Data;
using KeneyApp.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Accounts;

/// <summary>Whether an account may hold a session at all: active, not locked by an admin, in an open clinic.</summary>
internal static class AccountStanding
{
    public static async Task<bool> MaySignInAsync(this AppDbContext db, User user, CancellationToken ct) =>
        user.IsActive && !user.IsLocked
        && (user.TenantId is not { } tenantId || await db.Tenants.AnyAsync(t => t.Id == tenantId && t.IsActive, ct));
}
