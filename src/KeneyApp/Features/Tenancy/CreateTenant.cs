using System.ComponentModel.DataAnnotations;
using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Identity;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Tenancy;

public sealed record TenantAdminRequest([property: Required] string? Email, [property: Required] string? FullName, string? Password);

public sealed record CreateTenantRequest(
    [property: Required] string? Name, [property: Required] string? Slug, string? ContactEmail, string? DefaultTimezone, string? DefaultLanguage, TenantAdminRequest? Admin);

public sealed record CreatedTenantResponse(TenantResponse Tenant, int? AdminUserId, string? AdminTemporaryPassword);

/// <summary>
/// The platform operator opens a clinic, optionally with its first admin (the only way an admin account
/// appears in a new tenant). Also used by the <c>create-tenant</c> command.
/// </summary>
public sealed class CreateTenant(AppDbContext db, Passwords passwords, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<CreatedTenantResponse>> HandleAsync(CreateTenantRequest request, CancellationToken ct)
    {
        var validation = Validate(request);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }
        if (await db.Tenants.AnyAsync(t => t.Slug == request.Slug, ct))
        {
            return Problem.Conflict("A clinic with this slug already exists.");
        }
        var adminEmail = request.Admin?.Email?.Trim();
        var normalized = adminEmail is null ? null : User.Normalize(adminEmail);
        if (normalized is not null && await db.Users.IgnoreQueryFilters().AnyAsync(u => u.NormalizedEmail == normalized || u.NormalizedUsername == normalized, ct))
        {
            return Problem.Conflict("An account with this e-mail already exists.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var tenant = new Tenant
        {
            Name = request.Name!.Trim(),
            Slug = request.Slug!,
            ContactEmail = request.ContactEmail?.Trim(),
            DefaultTimezone = request.DefaultTimezone ?? "Europe/Paris",
            DefaultLanguage = request.DefaultLanguage ?? "fr",
            CreatedAt = now,
            UpdatedAt = now,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Tenants.Add(tenant);
        await db.SaveChangesAsync(ct);
        User? admin = null;
        string? temporary = null;
        if (request.Admin is { } a)
        {
            admin = new User
            {
                TenantId = tenant.Id,
                Email = adminEmail!,
                NormalizedEmail = normalized!,
                Username = adminEmail!,
                NormalizedUsername = normalized!,
                FullName = a.FullName!.Trim(),
                Role = Roles.Admin,
                PreferredLanguage = tenant.DefaultLanguage,
                CreatedAt = now,
                UpdatedAt = now,
            };
            temporary = a.Password is null ? Passwords.Generate() : null;
            admin.PasswordHash = passwords.Hash(admin, a.Password ?? temporary!);
            db.Users.Add(admin);
            await db.SaveChangesAsync(ct);
        }
        await audit.RecordAsync(AuditActions.Create, "tenant", tenant.Id, ct: ct);
        await tx.CommitAsync(ct);
        return new CreatedTenantResponse(TenantResponse.From(tenant), admin?.Id, temporary);
    }

    private static Validation Validate(CreateTenantRequest r)
    {
        var validation = new Validation()
            .Required(r.Name, "name", 200)
            .Check(TenantRules.IsSlug(r.Slug), "slug", "2–64 characters: lower-case letters, digits and dashes.")
            .Optional(r.ContactEmail, "contact_email", 254).Email(r.ContactEmail, "contact_email")
            .Check(r.DefaultTimezone is null || Domain.ClinicCalendar.IsTimeZone(r.DefaultTimezone), "default_timezone", "An IANA time zone, e.g. Europe/Paris.")
            .Check(r.DefaultLanguage is null || TenantRules.IsLanguage(r.DefaultLanguage), "default_language", "One of: fr, en.");
        if (r.Admin is { } admin)
        {
            validation.Required(admin.Email, "admin.email", 254).Email(admin.Email, "admin.email")
                .Required(admin.FullName, "admin.full_name", 200)
                .Check(admin.Password is null || Passwords.Problem(admin.Password) is null, "admin.password", Passwords.Problem(admin.Password) ?? "");
        }
        return validation;
    }
}
