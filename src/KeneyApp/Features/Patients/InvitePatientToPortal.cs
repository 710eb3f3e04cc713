using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Delivery;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Patients;

public sealed record PortalInvitationResponse(int AccountId, int PatientId, DateTime InvitedAt, DateTime ExpiresAt);

/// <summary>
/// Staff invite a patient to the portal: a <c>patient</c> account linked to the record (one per patient), with no
/// password until the patient opens the one-time link e-mailed to the address on the record and confirms its
/// date of birth. The link reaches only that mailbox: the answer to staff says the invitation left, nothing more.
/// Inviting again before activation sends a new link and voids the previous one.
/// </summary>
internal sealed class InvitePatientToPortal(AppDbContext db, CurrentUser user, MailOutbox mail, PublicAddress address, AuditLog audit,
    TimeProvider clock)
{
    public static readonly TimeSpan ActivationLifetime = TimeSpan.FromDays(7);
    /// <summary>Who changed the address may not also send the invitation to it within this time (separation of duties).</summary>
    public static readonly TimeSpan AfterOwnEmailChange = TimeSpan.FromHours(24);

    public async Task<Outcome<PortalInvitationResponse>> HandleAsync(int patientId, CancellationToken ct)
    {
        var patient = await db.VisiblePatients(user).AsNoTracking().FirstOrDefaultAsync(p => p.Id == patientId, ct);
        if (patient is null)
        {
            return Problem.NotFound("patient");
        }
        if (string.IsNullOrEmpty(patient.Email))
        {
            return Problem.Invalid("email", "The patient record needs an e-mail address first.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        // Otherwise one member of staff could point the record at a mailbox of their own, invite, read the date of
        // birth on the record and activate the patient's account.
        if (patient.EmailChangedById == user.Id && patient.EmailChangedAt > now - AfterOwnEmailChange)
        {
            return Problem.Conflict("You changed this patient's e-mail address in the last 24 hours: another member of staff sends the invitation.");
        }
        var account = await db.Users.IgnoreQueryFilters().FirstOrDefaultAsync(u => u.PatientId == patientId, ct);
        if (account is not null && account.PasswordHash.Length > 0)
        {
            return Problem.Conflict("This patient has already activated a portal account.");
        }
        var normalized = User.Normalize(patient.Email);
        if (await db.Users.IgnoreQueryFilters().AnyAsync(u => u.PatientId != patientId
                && (u.NormalizedEmail == normalized || u.NormalizedUsername == normalized), ct))
        {
            return Problem.Conflict("Another account already uses this e-mail address.");
        }
        var token = OpaqueTokens.New();
        var resend = account is not null;
        account ??= db.Users.Add(NewAccount(patient, now)).Entity;
        // The invitation goes to the address on the record today, which is also the login.
        account.Email = account.Username = patient.Email;
        account.NormalizedEmail = account.NormalizedUsername = normalized;
        account.ActivationTokenHash = OpaqueTokens.Hash(token);
        account.ActivationExpiresAt = now + ActivationLifetime;
        account.ActivationFailures = 0;
        account.UpdatedAt = now;

        // Sealed before the transaction: a clinic's first data key is created on a connection of its own.
        var clinic = await db.Tenants.Where(t => t.Id == patient.TenantId).Select(t => t.Name).FirstAsync(ct);
        var content = PortalInvitationEmail.Compose(patient.Email, patient.PreferredLanguage, clinic,
            $"{address.BaseUrl}/activate#token={token}", account.ActivationExpiresAt.Value);
        if (resend)
        {
            await mail.AbandonUnsentAsync(db, account.Id, NotificationTypes.PortalInvitation, ct);
        }
        var email = mail.Add(db, patient.TenantId, NotificationTypes.PortalInvitation, resend ? account.Id : null, patient.Id, content);

        // The account (and its new token), the mail and the audit entry commit together.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        email.RecipientUserId = account.Id;
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(resend ? AuditActions.Update : AuditActions.Create, "portal_account", account.Id,
            details: $"patient_id={patient.Id},invitation_sent", ct: ct);
        await tx.CommitAsync(ct);
        mail.Flush();
        return new PortalInvitationResponse(account.Id, patient.Id, now, account.ActivationExpiresAt.Value);
    }

    private static User NewAccount(Patient patient, DateTime now) => new()
    {
        TenantId = patient.TenantId,
        Email = "",
        NormalizedEmail = "",
        Username = "",
        NormalizedUsername = "",
        FullName = $"{patient.FirstName} {patient.LastName}",
        Role = Roles.Patient,
        PatientId = patient.Id,
        PreferredLanguage = patient.PreferredLanguage,
        CreatedAt = now,
    };
}
