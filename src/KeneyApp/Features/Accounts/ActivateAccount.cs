using System.ComponentModel.DataAnnotations;
using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Identity;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Accounts;

public sealed record ActivateAccountRequest([property: Required] string? Token, [property: Required] DateOnly? DateOfBirth, [property: Required] string? Password);

/// <summary>
/// An invited patient chooses a password with the one-time token of the invitation e-mail, and proves with its
/// date of birth on record that the mailbox is its own (a mis-addressed e-mail is not enough). Five wrong dates
/// void the token; staff can send a new invitation. Then the patient logs in as usual.
/// </summary>
public sealed class ActivateAccount(AppDbContext db, Passwords passwords, AuditLog audit, TimeProvider clock)
{
    public const int MaxDateOfBirthFailures = 5;
    private static readonly Problem Invalid = new(404, "Not found", "This invitation link is invalid, used or expired: ask the clinic for a new one.");

    public async Task<Outcome<bool>> HandleAsync(ActivateAccountRequest request, CancellationToken ct)
    {
        var validation = new Validation()
            .Check(!string.IsNullOrWhiteSpace(request.Token), "token", "Required: the token of the invitation link.")
            .Check(request.DateOfBirth is not null, "date_of_birth", "Required: the date of birth on your record (YYYY-MM-DD).")
            .Check(Passwords.Problem(request.Password) is null, "password", Passwords.Problem(request.Password) ?? "");
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }
        if (request.Token!.Length > 128)
        {
            return Invalid;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var hash = OpaqueTokens.Hash(request.Token);
        var user = await db.Users.IgnoreQueryFilters().FirstOrDefaultAsync(u => u.ActivationTokenHash == hash, ct);
        if (user is null || user.ActivationExpiresAt <= now || !user.IsActive)
        {
            return Invalid;
        }
        // One of the five tries is taken before the date is compared, in the database: parallel guesses cannot
        // outnumber them. A right date gives it back (the token is spent then anyway).
        var users = db.Users.IgnoreQueryFilters().Where(u => u.Id == user.Id && u.ActivationTokenHash == hash);
        if (await users.Where(u => u.ActivationFailures < MaxDateOfBirthFailures)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.ActivationFailures, u => u.ActivationFailures + 1), ct) == 0)
        {
            return Invalid;
        }
        if (!await DateOfBirthMatchesAsync(user, request.DateOfBirth!.Value, ct))
        {
            // Voiding the token (at the fifth wrong date) and the failure's entry commit together.
            await using var voiding = await db.Database.BeginTransactionAsync(ct);
            await users.Where(u => u.ActivationFailures >= MaxDateOfBirthFailures)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.ActivationTokenHash, (string?)null).SetProperty(u => u.ActivationExpiresAt, (DateTime?)null), ct);
            await audit.RecordForAsync(user.Id, user.Role, user.TenantId, AuditActions.Update, "user", user.Id, AuditOutcomes.Failure,
                "activation,reason=date_of_birth", ct);
            await voiding.CommitAsync(ct);
            return Problem.Invalid("date_of_birth", "This is not the date of birth on your record.");
        }
        // Spend the token atomically: two parallel activations cannot both set a password.
        var passwordHash = passwords.Hash(user, request.Password!);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var activated = await db.Users.IgnoreQueryFilters().Where(u => u.Id == user.Id && u.ActivationTokenHash == hash)
            .ExecuteUpdateAsync(s => s
                .SetProperty(u => u.PasswordHash, passwordHash)
                .SetProperty(u => u.ActivationTokenHash, (string?)null)
                .SetProperty(u => u.ActivationExpiresAt, (DateTime?)null)
                .SetProperty(u => u.ActivationFailures, 0)
                .SetProperty(u => u.PasswordChangedAt, now)
                .SetProperty(u => u.UpdatedAt, now), ct);
        if (activated == 0)
        {
            return Invalid;
        }
        await audit.RecordForAsync(user.Id, user.Role, user.TenantId, AuditActions.Update, "user", user.Id, details: "activated", ct: ct);
        await tx.CommitAsync(ct);
        return true;
    }

    private async Task<bool> DateOfBirthMatchesAsync(User user, DateOnly dateOfBirth, CancellationToken ct) =>
        user.PatientId is not { } patientId
        || await db.Set<Patient>().IgnoreQueryFilters().AnyAsync(p => p.Id == patientId && p.DateOfBirth == dateOfBirth, ct);
}
