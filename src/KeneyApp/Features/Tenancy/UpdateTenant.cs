using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Tenancy;

public sealed record UpdateTenantRequest(string? Name, string? ContactEmail, string? DefaultTimezone, string? DefaultLanguage, bool? IsActive);

/// <summary>Read, list and change clinics (super_admin). The slug is fixed once created: URLs and e-mails use it.</summary>
public sealed class UpdateTenant(AppDbContext db, SessionRevocations revocations, AuditLog audit, TimeProvider clock)
{
    public async Task<(IReadOnlyList<TenantResponse> Items, int Total)> ListAsync(Paging paging, CancellationToken ct)
    {
        var total = await db.Tenants.CountAsync(ct);
        var items = await db.Tenants.AsNoTracking().OrderBy(t => t.Id).Skip(paging.Offset).Take(paging.Count).ToListAsync(ct);
        return (items.Select(TenantResponse.From).ToList(), total);
    }

    public async Task<Outcome<TenantResponse>> GetAsync(int id, CancellationToken ct) =>
        await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct) is { } tenant
            ? TenantResponse.From(tenant)
            : Problem.NotFound("tenant");

    public async Task<Outcome<TenantResponse>> HandleAsync(int id, UpdateTenantRequest request, CancellationToken ct,
        ClinicNotificationSettings? notifications = null)
    {
        var validation = new Validation()
            .Check(request.Name is null || !string.IsNullOrWhiteSpace(request.Name), "name", "Must not be empty.")
            .Optional(request.Name, "name", 200)
            .Optional(request.ContactEmail, "contact_email", 254).Email(request.ContactEmail, "contact_email")
            .Check(request.DefaultTimezone is null || Domain.ClinicCalendar.IsTimeZone(request.DefaultTimezone), "default_timezone", "An IANA time zone.")
            .Check(request.DefaultLanguage is null || TenantRules.IsLanguage(request.DefaultLanguage), "default_language", "One of: fr, en.");
        notifications?.Check(validation);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }
        var tenant = await db.Tenants.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (tenant is null)
        {
            return Problem.NotFound("tenant");
        }
        tenant.Name = request.Name?.Trim() ?? tenant.Name;
        tenant.ContactEmail = request.ContactEmail?.Trim() ?? tenant.ContactEmail;
        tenant.DefaultTimezone = request.DefaultTimezone ?? tenant.DefaultTimezone;
        tenant.DefaultLanguage = request.DefaultLanguage ?? tenant.DefaultLanguage;
        tenant.IsActive = request.IsActive ?? tenant.IsActive;
        notifications?.ApplyTo(tenant);
        tenant.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        if (!tenant.IsActive)
        {
            // A closed clinic's sessions end now, access tokens included.
            await revocations.EndAllOfTenantAsync(tenant.Id, SessionEndReasons.ClinicClosed, ct);
        }
        await audit.RecordAsync(AuditActions.Update, "tenant", tenant.Id, details: request.IsActive is { } a ? $"is_active={a}" : notifications is null ? null : "notifications", ct: ct);
        await tx.CommitAsync(ct);
        return TenantResponse.From(tenant);
    }
}
