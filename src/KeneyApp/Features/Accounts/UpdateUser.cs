using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Accounts;

/// <summary>Only these fields can be changed; any other member in the body is refused by name (no mass assignment).</summary>
public sealed record UpdateUserRequest(string? FullName, string? Role, bool? IsActive, bool? IsLocked, string? PreferredLanguage);

public sealed class UpdateUser(AppDbContext db, CurrentUser current, SessionRevocations revocations, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<UserResponse>> GetAsync(int id, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null)
        {
            return Problem.NotFound("user");
        }
        await audit.RecordAsync(AuditActions.Read, "user", id, ct: ct);
        return UserResponse.From(user, clock.GetUtcNow().UtcDateTime);
    }

    public async Task<Outcome<UserResponse>> HandleAsync(int id, UpdateUserRequest request, CancellationToken ct)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null)
        {
            return Problem.NotFound("user");
        }
        var self = user.Id == current.Id;
        var roleChange = request.Role is not null && request.Role != user.Role;
        var validation = new Validation()
            .Check(request.FullName is null || !string.IsNullOrWhiteSpace(request.FullName), "full_name", "Must not be empty.")
            .Optional(request.FullName, "full_name", 200)
            .Check(!roleChange || (Roles.GrantableByTenantAdmin.Contains(request.Role!) && user.Role != Roles.Patient), "role",
                $"One of: {string.Join(", ", Roles.GrantableByTenantAdmin)}; patient accounts keep their role.")
            .Check(!(self && (roleChange || request.IsActive == false || request.IsLocked == true)), "role",
                "Admins cannot demote, deactivate or lock themselves.")
            .Check(request.PreferredLanguage is null or "fr" or "en", "preferred_language", "One of: fr, en.");
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }
        var now = clock.GetUtcNow().UtcDateTime;
        user.FullName = request.FullName?.Trim() ?? user.FullName;
        user.Role = request.Role ?? user.Role;
        user.IsActive = request.IsActive ?? user.IsActive;
        user.PreferredLanguage = request.PreferredLanguage ?? user.PreferredLanguage;
        if (request.IsLocked is { } locked)
        {
            user.IsLocked = locked;
            if (!locked)
            {
                user.LockoutEnd = null;
                user.AccessFailedCount = 0;
            }
        }
        user.UpdatedAt = now;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        if (!user.IsActive || user.IsLocked || roleChange)
        {
            await revocations.EndAllOfUserAsync(user.Id, keep: null, SessionEndReasons.AccountChange, ct);
        }
        await audit.RecordAsync(AuditActions.Update, "user", user.Id, details: roleChange ? $"role={user.Role}" : null, ct: ct);
        await tx.CommitAsync(ct);
        return UserResponse.From(user, now);
    }
}
