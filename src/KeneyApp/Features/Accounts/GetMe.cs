using System.Collections.Concurrent;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Accounts;

public sealed record MeResponse(
    int Id, string Email, string Username, string FullName, string Role, int? TenantId,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    int? PatientId,
    bool MfaEnabled, string PreferredLanguage);

/// <summary>
/// The caller's own account. Every client calls this often, so the query is compiled once — per context
/// type, since a compiled query is bound to the provider it first ran on (tests run both in one process).
/// </summary>
public sealed class GetMe(AppDbContext db, CurrentUser current)
{
    private static readonly ConcurrentDictionary<Type, Func<AppDbContext, int, CancellationToken, Task<MeResponse?>>> Queries = new();

    public async Task<Outcome<MeResponse>> HandleAsync(CancellationToken ct) =>
        await Queries.GetOrAdd(db.GetType(), _ => Compile())(db, current.Id, ct) is { } me ? me : Problem.NotFound("user");

    private static Func<AppDbContext, int, CancellationToken, Task<MeResponse?>> Compile() => EF.CompileAsyncQuery(
        (AppDbContext db, int id, CancellationToken ct) => db.Users.AsNoTracking()
            .Where(u => u.Id == id && u.IsActive)
            .Select(u => new MeResponse(u.Id, u.Email, u.Username, u.FullName, u.Role, u.TenantId,
                u.Role == Roles.Patient ? u.PatientId : null, u.MfaEnabled, u.PreferredLanguage))
            .FirstOrDefault());
}
