using System.ComponentModel.DataAnnotations;
using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Identity;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Accounts;

public sealed record CreateUserRequest([property: Required] string? Email, [property: Required] string? FullName, [property: Required] string? Role, string? Password, string? Username, string? PreferredLanguage);

/// <summary>
/// A tenant admin adds a staff account to its own clinic. The tenant comes from the token; super_admin and
/// patient can't be granted here (patients get accounts through a portal invitation). No self-registration exists.
/// </summary>
public sealed class CreateUser(AppDbContext db, CurrentUser current, Passwords passwords, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<CreatedUserResponse>> HandleAsync(CreateUserRequest request, CancellationToken ct)
    {
        var validation = Validate(request);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }
        var email = request.Email!.Trim();
        var username = string.IsNullOrWhiteSpace(request.Username) ? email : request.Username.Trim();
        var (normalizedEmail, normalizedUsername) = (User.Normalize(email), User.Normalize(username));
        if (await db.Users.IgnoreQueryFilters().AnyAsync(u => u.NormalizedEmail == normalizedEmail || u.NormalizedUsername == normalizedUsername
                || u.NormalizedEmail == normalizedUsername || u.NormalizedUsername == normalizedEmail, ct))
        {
            return Problem.Conflict("An account with this e-mail or username already exists.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var user = new User
        {
            TenantId = current.TenantId ?? throw new InvalidOperationException("A tenant admin always has a tenant."),
            Email = email,
            NormalizedEmail = normalizedEmail,
            Username = username,
            NormalizedUsername = normalizedUsername,
            FullName = request.FullName!.Trim(),
            Role = request.Role!,
            PreferredLanguage = request.PreferredLanguage ?? "fr",
            CreatedAt = now,
            UpdatedAt = now,
        };
        var temporary = request.Password is null ? Passwords.Generate() : null;
        user.PasswordHash = passwords.Hash(user, request.Password ?? temporary!);
        db.Users.Add(user);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(AuditActions.Create, "user", user.Id, details: $"role={user.Role}", ct: ct);
        await tx.CommitAsync(ct);
        return new CreatedUserResponse(UserResponse.From(user, now), temporary);
    }

    private static Validation Validate(CreateUserRequest r) => new Validation()
        .Required(r.Email, "email", 254).Email(r.Email, "email")
        .Required(r.FullName, "full_name", 200)
        .Optional(r.Username, "username", 100)
        .Check(r.Role is not null && Roles.GrantableByTenantAdmin.Contains(r.Role), "role",
            $"One of: {string.Join(", ", Roles.GrantableByTenantAdmin)}.")
        .Check(r.Password is null || Passwords.Problem(r.Password) is null, "password", Passwords.Problem(r.Password) ?? "")
        .Check(r.PreferredLanguage is null or "fr" or "en", "preferred_language", "One of: fr, en.");
}
