using KeneyApp.Platform.Data;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Tenancy;

public sealed record ClinicAdminResponse(int TenantId, int UserId, string FullName, string Email, bool IsActive, bool IsLocked);

/// <summary>
/// The admins of every clinic, for the platform operator, who opens clinics and answers their admins: names and
/// addresses of staff accounts only, never a patient's.
/// </summary>
public sealed class ClinicAdmins(AppDbContext db)
{
    public async Task<IReadOnlyList<ClinicAdminResponse>> HandleAsync(CancellationToken ct) => await db.Users.IgnoreQueryFilters().AsNoTracking()
        .Where(u => u.Role == Roles.Admin && u.TenantId != null)
        .OrderBy(u => u.TenantId).ThenBy(u => u.FullName)
        .Select(u => new ClinicAdminResponse(u.TenantId!.Value, u.Id, u.FullName, u.Email, u.IsActive, u.IsLocked))
        .ToListAsync(ct);
}
