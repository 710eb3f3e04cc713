using KeneyApp.Platform;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Demo;

/// <summary>
/// Creates the demo clinics and accounts once (a second start finds the "demo" clinic and does nothing).
/// The password is <c>KENEYAPP_DEMO_PASSWORD</c>, else a random one printed once, at creation.
/// </summary>
public sealed class DemoSeeder(AppDbContext db, Passwords passwords, IConfiguration configuration, TimeProvider clock,
    ILogger<DemoSeeder> logger) : IDemoData
{
    public async Task SeedAsync(CancellationToken ct)
    {
        if (await db.Tenants.AnyAsync(t => t.Slug == DemoAccounts.Clinics[0].Slug, ct))
        {
            return;
        }
        var password = configuration["KENEYAPP_DEMO_PASSWORD"];
        var generated = string.IsNullOrEmpty(password);
        password = generated ? Passwords.Generate() : password!;
        var now = clock.GetUtcNow().UtcDateTime;
        var tenants = DemoAccounts.Clinics.Select(c => new Tenant
        {
            Name = c.Name,
            Slug = c.Slug,
            ContactEmail = c.ContactEmail,
            CreatedAt = now,
            UpdatedAt = now,
        }).ToList();
        db.Tenants.AddRange(tenants);
        await db.SaveChangesAsync(ct);
        foreach (var account in DemoAccounts.Accounts)
        {
            var user = new User
            {
                TenantId = tenants.FirstOrDefault(t => t.Slug == account.ClinicSlug)?.Id,
                Email = account.Email,
                NormalizedEmail = User.Normalize(account.Email),
                Username = account.Email,
                NormalizedUsername = User.Normalize(account.Email),
                FullName = account.FullName,
                Role = account.Role,
                CreatedAt = now,
                UpdatedAt = now,
            };
            user.PasswordHash = passwords.Hash(user, password);
            db.Users.Add(user);
        }
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Demo data created: {Clinics} clinics, {Accounts} accounts.", tenants.Count, DemoAccounts.Accounts.Length);
        if (generated)
        {
            // Printed to the console only (not the structured log) and only this once.
            Console.WriteLine($"Demo password for every demo account (shown once): {password}");
        }
    }
}
