using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Audit;

/// <summary>Who did it, by name, for the audit screen (entries keep only the user's id and role).</summary>
public sealed class AuditActors(AppDbContext db)
{
    public async Task<IReadOnlyDictionary<int, string>> NamesAsync(IReadOnlyCollection<int> userIds, CancellationToken ct) =>
        userIds.Count == 0
            ? new Dictionary<int, string>()
            : await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
}
