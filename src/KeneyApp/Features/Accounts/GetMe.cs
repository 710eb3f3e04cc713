using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Identity;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Accounts;

public sealed record MeResponse(
    int Id, string Email, string Username, string FullName, string Role, int? TenantId,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    int? PatientId,
    bool MfaEnabled, string PreferredLanguage);

public sealed class GetMe(AppDbContext db, CurrentUser current)
{
    public async Task<Outcome<MeResponse>> HandleAsync(CancellationToken ct)
    {
        var id = current.Id;
        var me = await db.Users.AsNoTracking()
            .Where(u => u.Id == id && u.IsActive)
            .Select(u => new MeResponse(u.Id, u.Email, u.Username, u.FullName, u.Role, u.TenantId,
                u.Role == Roles.Patient ? u.PatientId : null, u.MfaEnabled, u.PreferredLanguage))
            .FirstOrDefaultAsync(ct);
        return me is null ? Problem.NotFound("user") : me;
    }
}
