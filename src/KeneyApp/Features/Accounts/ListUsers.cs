using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Accounts;

public sealed record UserQuery(string? Role, bool? IsActive, int Skip = 0, int Limit = 50);

/// <summary>The users of the caller's tenant (the tenant filter does the scoping).</summary>
public sealed class ListUsers(AppDbContext db, TimeProvider clock)
{
    public async Task<(IReadOnlyList<UserResponse> Items, int Total)> HandleAsync(UserQuery query, CancellationToken ct)
    {
        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrEmpty(query.Role))
        {
            users = users.Where(u => u.Role == query.Role);
        }
        if (query.IsActive is { } active)
        {
            users = users.Where(u => u.IsActive == active);
        }
        var total = await users.CountAsync(ct);
        var page = await users.OrderBy(u => u.Id).Skip(query.Skip).Take(query.Limit).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        return (page.Select(u => UserResponse.From(u, now)).ToList(), total);
    }
}
