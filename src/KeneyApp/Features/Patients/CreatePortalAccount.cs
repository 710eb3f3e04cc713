using KeneyApp.Domain;
using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Identity;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Patients;

public sealed record PortalAccountResponse(int UserId, int PatientId, string Email, string ActivationLink, DateTime ActivationExpiresAt);

/// <summary>
/// Staff invite a patient to the portal: a <c>patient</c> account linked to the record (one per patient), with no
/// password until the patient opens the one-time activation link. Until the notification layer exists the link is
/// returned here, once, for staff to hand over; its token sits in the URL fragment so it never reaches a server log.
/// </summary>
internal sealed class CreatePortalAccount(AppDbContext db, CurrentUser user, AuditLog audit, TimeProvider clock)
{
    public static readonly TimeSpan ActivationLifetime = TimeSpan.FromDays(7);

    public async Task<Outcome<PortalAccountResponse>> HandleAsync(int patientId, string baseUrl, CancellationToken ct)
    {
        var patient = await db.VisiblePatients(user).AsNoTracking().FirstOrDefaultAsync(p => p.Id == patientId, ct);
        if (patient is null)
        {
            return Problem.NotFound("patient");
        }
        if (await db.Users.IgnoreQueryFilters().AnyAsync(u => u.PatientId == patientId, ct))
        {
            return Problem.Conflict("This patient already has a portal account.");
        }
        if (string.IsNullOrEmpty(patient.Email))
        {
            return Problem.Invalid("email", "The patient record needs an e-mail address first.");
        }
        var normalized = User.Normalize(patient.Email);
        if (await db.Users.IgnoreQueryFilters().AnyAsync(u => u.NormalizedEmail == normalized || u.NormalizedUsername == normalized, ct))
        {
            return Problem.Conflict("Another account already uses this e-mail address.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var token = OpaqueTokens.New();
        var account = new User
        {
            TenantId = patient.TenantId,
            Email = patient.Email,
            NormalizedEmail = normalized,
            Username = patient.Email,
            NormalizedUsername = normalized,
            FullName = $"{patient.FirstName} {patient.LastName}",
            Role = Roles.Patient,
            PatientId = patient.Id,
            PreferredLanguage = patient.PreferredLanguage,
            CreatedAt = now,
            UpdatedAt = now,
            ActivationTokenHash = OpaqueTokens.Hash(token),
            ActivationExpiresAt = now + ActivationLifetime,
        };
        db.Users.Add(account);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(AuditActions.Create, "portal_account", account.Id, details: $"patient_id={patient.Id}", ct: ct);
        return new PortalAccountResponse(account.Id, patient.Id, account.Email, $"{baseUrl}/activate#token={token}", account.ActivationExpiresAt.Value);
    }
}
