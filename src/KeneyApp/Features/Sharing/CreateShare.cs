using System.Text.Json;
using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Crypto;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Sharing;

/// <summary>
/// A doctor, an admin, or the patient for its own record opens the record (or part of it) to someone outside the
/// clinic, with the patient's consent recorded. The link's token and the PIN are in the answer, this once only.
/// </summary>
internal sealed class CreateShare(AppDbContext db, CurrentUser user, ShareSecrets secrets, ShareReader reader, FieldEncryptor encryptor,
    PublicAddress address, ShareCreationLimit limit, AuditLog audit, ShareMetrics metrics, TimeProvider clock)
{
    public const string PagePath = "/share";

    public async Task<Outcome<CreatedShareResponse>> HandleAsync(CreateShareRequest r, CancellationToken ct)
    {
        var validation = new Validation()
            .Check(r.PatientId is not null, "patient_id", "Required.")
            .Check(r.Scope is not null && ShareScopes.All.Contains(r.Scope), "scope", $"One of: {string.Join(", ", ShareScopes.All)}.")
            .Check(r.Scope != ShareScopes.Custom || CountOf(r.CustomResources) > 0, "custom_resources", "A custom share names at least one record.")
            .Check(r.Scope == ShareScopes.Custom || r.CustomResources is null, "custom_resources", "Only for the custom scope.")
            .Check(CountOf(r.CustomResources) <= 500, "custom_resources", "At most 500 records.")
            .Check(r.ExpiresInHours is >= 1 and <= 720, "expires_in_hours", "Between 1 and 720 (30 days).")
            .Check(r.MaxAccessCount is null or (>= 1 and <= 1000), "max_access_count", "Between 1 and 1000.")
            .Optional(r.RecipientName, "recipient_name", 200)
            .Optional(r.Purpose, "purpose", 500)
            .Optional(r.Notes, "notes", 2000)
            .Check(r.ConsentGiven == true, "consent_given", "The patient's consent is required (true).");
        if (r.RecipientEmail is not null)
        {
            validation.Email(r.RecipientEmail, "recipient_email");
        }
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }
        var patientId = r.PatientId!.Value;
        if (!await db.CanSeePatientAsync(user, patientId, ct))
        {
            return Problem.NotFound("patient");
        }
        if (r.CustomResources is { } resources && await ForeignIdsAsync(patientId, resources, ct) is { } foreign)
        {
            return foreign;
        }

        var tenantId = user.TenantId!.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var token = ShareSecrets.NewToken();
        var tokenHash = ShareSecrets.HashToken(token);
        var requirePin = r.RequirePin ?? true;
        var pin = requirePin ? ShareSecrets.NewCode() : null;
        // Sealed before the transaction: a clinic's first data key is created on a connection of its own.
        var keyId = await secrets.ActiveKeyIdAsync(tenantId, ct);
        var pinHmac = pin is null ? null : await secrets.SealAsync(tenantId, keyId, tokenHash, ShareCodeKinds.Pin, pin, ct);
        var share = new RecordShare
        {
            PatientId = patientId,
            CreatedById = user.Id,
            Scope = r.Scope!,
            CustomResources = r.CustomResources is null ? null : JsonSerializer.Serialize(Distinct(r.CustomResources), ShareReader.Json),
            TokenHash = tokenHash,
            RequirePin = requirePin,
            PinHmac = pinHmac,
            SecretKeyId = keyId,
            RecipientEmailEncrypted = encryptor.EncryptOrNull(tenantId, ShareFields.RecipientEmail, r.RecipientEmail?.Trim()),
            RecipientNameEncrypted = encryptor.EncryptOrNull(tenantId, ShareFields.RecipientName, ShareInput.Blank(r.RecipientName)),
            PurposeEncrypted = encryptor.EncryptOrNull(tenantId, ShareFields.Purpose, ShareInput.Blank(r.Purpose)),
            NotesEncrypted = encryptor.EncryptOrNull(tenantId, ShareFields.Notes, ShareInput.Blank(r.Notes)),
            ExpiresAt = now.AddHours(r.ExpiresInHours!.Value),
            MaxAccessCount = r.MaxAccessCount,
            ConsentGiven = true,
            ConsentAt = now,
            ConsentRecordedById = user.Id,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await limit.ReachedAsync(db, user.Id, now, ct) is { } tooMany)
        {
            return tooMany;
        }
        db.Add(share);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(ShareAudit.Create, "share", share.Id, details: $"patient_id={patientId},scope={share.Scope}", ct: ct);
        await tx.CommitAsync(CancellationToken.None);
        metrics.Created();
        return new CreatedShareResponse(reader.Read(share), token, $"{address.BaseUrl}{PagePath}#{token}", pin);
    }

    private static int CountOf(ShareResources? r) =>
        r is null ? 0 : (r.Appointments?.Count ?? 0) + (r.Prescriptions?.Count ?? 0) + (r.Documents?.Count ?? 0) + (r.Vaccinations?.Count ?? 0);

    private static ShareResources Distinct(ShareResources r) => new(
        r.Appointments?.Distinct().Order().ToList(), r.Prescriptions?.Distinct().Order().ToList(),
        r.Documents?.Distinct().Order().ToList(), r.Vaccinations?.Distinct().Order().ToList());

    /// <summary>
    /// Every id named must be a record of this patient that the creator may see: a document the creator may not read
    /// (a patient's unreleased result, a type outside a role's rights) is as unknown as another clinic's.
    /// </summary>
    private async Task<Problem?> ForeignIdsAsync(int patientId, ShareResources r, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        async Task CheckAsync(string field, IReadOnlyList<int>? ids, IQueryable<int> known)
        {
            if (ids is not { Count: > 0 })
            {
                return;
            }
            var distinct = ids.Distinct().ToList();
            var found = await known.Where(id => distinct.Contains(id)).ToListAsync(ct);
            var missing = distinct.Except(found).ToList();
            if (missing.Count > 0)
            {
                errors[$"custom_resources.{field}"] = [$"Not records of this patient: {string.Join(", ", missing)}."];
            }
        }
        await CheckAsync("appointments", r.Appointments, db.Set<Appointment>().Where(a => a.PatientId == patientId).Select(a => a.Id));
        await CheckAsync("prescriptions", r.Prescriptions, db.Set<Prescription>().Where(p => p.PatientId == patientId).Select(p => p.Id));
        await CheckAsync("vaccinations", r.Vaccinations, db.Set<Vaccination>().Where(v => v.PatientId == patientId).Select(v => v.Id));
        await CheckAsync("documents", r.Documents, db.ReadableDocuments(user)
            .Where(d => d.PatientId == patientId && d.Status == DocumentStatus.Ready).Select(d => d.Id));
        return errors.Count == 0 ? null : Problem.Invalid(errors);
    }
}

/// <summary>The audit trail's actions for shares (SECURITY: share_create, share_access, share_revoke).</summary>
public static class ShareAudit
{
    public const string Create = "share_create";
    public const string Access = "share_access";
    public const string Revoke = "share_revoke";
}
