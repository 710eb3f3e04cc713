using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Crypto;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Delivery;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Jobs;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Sharing;

/// <summary>What an opening answers: the shared record, or that the recipient must prove its mailbox (202).</summary>
public sealed record ShareAccessResult(SharedRecordResponse? Record);

/// <summary>
/// Someone outside the clinic opens a share with its link's token, its PIN, and, when the share is restricted to a
/// recipient, the code mailed to that recipient. In order: a link that is unknown, expired, revoked or used up
/// answers one 404 (no way to tell them apart); a locked share 423; a wrong PIN 403 with the attempts left, the
/// fifth locking the share; a restricted share 202 until the code comes back. Only then is the opening counted, by
/// one conditional update that checks status, expiry and the maximum, so concurrent openings never exceed it.
/// Every outcome is audited; every success tells the patient (and the creator) through the notification outbox.
/// </summary>
internal sealed class AccessShare(AppDbContext db, TenantScope tenant, ShareSecrets secrets, SharedRecords records, DocumentAccessTokens documents,
    FieldEncryptor encryptor, MailOutbox mail, OutboxSignal outbox, AuditLog audit, ShareMetrics metrics, IHttpContextAccessor http, TimeProvider clock)
{
    public static readonly TimeSpan EmailCodeLifetime = TimeSpan.FromMinutes(5);

    public async Task<Outcome<ShareAccessResult>> HandleAsync(AccessShareRequest r, CancellationToken ct)
    {
        var validation = new Validation()
            .Required(r.Token, "token", 100)
            .Check(r.Pin is null || IsCode(r.Pin), "pin", "6 digits.")
            .Check(r.EmailCode is null || IsCode(r.EmailCode), "email_code", "6 digits.")
            .Check(r.EmailCode is null || r.Email is not null, "email", "Required with email_code.");
        if (r.Email is not null)
        {
            validation.Email(r.Email, "email");
        }
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var tokenHash = ShareSecrets.HashToken(r.Token!);
        // One query whatever the link's state, so that an unknown link and a dead one take the same time; a suspended
        // clinic's links are as unknown.
        var share = await db.Set<RecordShare>().IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking()
            .FirstOrDefaultAsync(s => s.TokenHash == tokenHash && db.Tenants.Any(t => t.Id == s.TenantId && t.IsActive), ct);
        if (share is null)
        {
            return await RefusedAsync(null, "unknown", NotAvailable, ct);
        }
        tenant.Use(share.TenantId);
        if (Ended(share, now) is { } reason)
        {
            return await RefusedAsync(share, reason, NotAvailable, ct);
        }
        if (share.Status == ShareStatuses.Locked)
        {
            return await RefusedAsync(share, "locked", Locked, ct);
        }
        if (share.RequirePin && await PinRefusedAsync(share, r.Pin, tokenHash, now, ct) is { } pinProblem)
        {
            return pinProblem;
        }
        var recipient = encryptor.DecryptOrNull(share.TenantId, ShareFields.RecipientEmail, share.RecipientEmailEncrypted);
        if (recipient is not null && await EmailRefusedAsync(share, recipient, r, tokenHash, now, ct) is { } emailOutcome)
        {
            return emailOutcome;
        }

        var record = await records.ReadAsync(share, now, ct);
        if (record is null)
        {
            return await RefusedAsync(share, "patient_archived", NotAvailable, ct);
        }
        var ip = http.HttpContext?.Connection.RemoteIpAddress?.ToString();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The one place an opening is counted: the database checks status, expiry and the maximum as it counts, so
        // two hundred concurrent openings of a share limited to three succeed three times.
        var counted = await db.Set<RecordShare>().Where(s => s.Id == share.Id && s.Status == ShareStatuses.Active && s.ExpiresAt > now
                && (s.MaxAccessCount == null || s.AccessCount < s.MaxAccessCount))
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.AccessCount, x => x.AccessCount + 1)
                .SetProperty(x => x.Status, x => x.MaxAccessCount != null && x.AccessCount + 1 >= x.MaxAccessCount ? ShareStatuses.Used : x.Status)
                .SetProperty(x => x.LastAccessedAt, now)
                .SetProperty(x => x.LastAccessedIp, ip)
                .SetProperty(x => x.UpdatedAt, now), ct);
        if (counted == 0)
        {
            await tx.RollbackAsync(CancellationToken.None);
            // Ended since it was read: locked by wrong PINs meanwhile, or used up, expired or revoked.
            var status = await db.Set<RecordShare>().AsNoTracking().Where(s => s.Id == share.Id).Select(s => s.Status).FirstAsync(ct);
            return status == ShareStatuses.Locked ? await RefusedAsync(share, "locked", Locked, ct) : await RefusedAsync(share, "used", NotAvailable, ct);
        }
        AddOwnerEvent(share, OutboxTypes.ShareOpened, now);
        await db.SaveChangesAsync(ct);
        await audit.RecordForAsync(null, null, share.TenantId, ShareAudit.Access, "share", share.Id, details: $"patient_id={share.PatientId},scope={share.Scope}", ct: ct);
        await tx.CommitAsync(CancellationToken.None);
        outbox.Ring();
        metrics.Accessed("success");
        if (record.Documents is { Count: > 0 })
        {
            var (token, expires) = documents.Issue(share);
            record = record with { DocumentAccessToken = token, DocumentAccessExpiresAt = expires };
        }
        return new ShareAccessResult(record);
    }

    private static string? Ended(RecordShare share, DateTime now) => share.Status switch
    {
        ShareStatuses.Revoked => "revoked",
        ShareStatuses.Used => "used",
        ShareStatuses.Expired => "expired",
        _ when share.ExpiresAt <= now => "expired",
        _ => null,
    };

    /// <summary>
    /// A missing or wrong PIN: 403 with the attempts left. The attempt is taken before the PIN is compared, in a
    /// transaction that holds the share's row until it commits: parallel guesses queue one behind the other, none is
    /// compared once five have failed, and the fifth wrong one locks the share (and tells its owners). A right PIN
    /// gives its attempt back.
    /// </summary>
    private async Task<Problem?> PinRefusedAsync(RecordShare share, string? pin, string tokenHash, DateTime now, CancellationToken ct)
    {
        if (pin is null)
        {
            return await RefusedAsync(share, "pin_missing", WrongPin(RecordShare.MaxPinFailures - share.FailedPinAttempts, "This share needs its PIN."), ct);
        }
        var row = db.Set<RecordShare>().Where(s => s.Id == share.Id);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var taken = await row.Where(s => s.Status == ShareStatuses.Active && s.FailedPinAttempts < RecordShare.MaxPinFailures)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.FailedPinAttempts, x => x.FailedPinAttempts + 1), ct);
        if (taken == 0)
        {
            await tx.RollbackAsync(CancellationToken.None);
            var status = await row.AsNoTracking().Select(s => s.Status).FirstAsync(ct);
            return await RefusedAsync(share, status == ShareStatuses.Locked ? "locked" : status, status == ShareStatuses.Locked ? Locked : NotAvailable, ct);
        }
        if (share.PinHmac is not null && await secrets.MatchesAsync(share.TenantId, share.SecretKeyId, tokenHash, ShareCodeKinds.Pin, pin, share.PinHmac, ct))
        {
            await row.ExecuteUpdateAsync(s => s.SetProperty(x => x.FailedPinAttempts, x => x.FailedPinAttempts - 1), ct);
            await tx.CommitAsync(CancellationToken.None);
            return null;
        }
        var failed = await row.AsNoTracking().Select(s => s.FailedPinAttempts).FirstAsync(ct);
        var lockedNow = failed >= RecordShare.MaxPinFailures;
        if (lockedNow)
        {
            await row.ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, ShareStatuses.Locked).SetProperty(x => x.LockedAt, now)
                .SetProperty(x => x.UpdatedAt, now), ct);
            AddOwnerEvent(share, OutboxTypes.ShareLocked, now);
            await db.SaveChangesAsync(ct);
        }
        await audit.RecordForAsync(null, null, share.TenantId, ShareAudit.Access, "share", share.Id, AuditOutcomes.Failure,
            details: lockedNow ? "reason=wrong_pin,locked" : "reason=wrong_pin", ct: ct);
        await tx.CommitAsync(CancellationToken.None);
        if (lockedNow)
        {
            outbox.Ring();
        }
        metrics.Accessed("wrong_pin");
        return lockedNow ? Locked : WrongPin(RecordShare.MaxPinFailures - failed, "Wrong PIN.");
    }

    /// <summary>
    /// A share restricted to a recipient: the first call with an address asks for a code (202) — mailed if the address
    /// is the recipient's, withheld otherwise, with the same work done either way so that neither the answer nor its
    /// time tells them apart; the next call brings the code: three tries within five minutes, taken before the code is
    /// compared (as for the PIN), and a right code is used up.
    /// </summary>
    private async Task<Outcome<ShareAccessResult>?> EmailRefusedAsync(RecordShare share, string recipient, AccessShareRequest r, string tokenHash,
        DateTime now, CancellationToken ct)
    {
        var matches = r.Email is not null && CryptographicOperations.FixedTimeEquals(
            Encoding.UTF8.GetBytes(r.Email.Trim().ToUpperInvariant()), Encoding.UTF8.GetBytes(recipient.ToUpperInvariant()));
        if (r.Email is null)
        {
            await audit.RecordForAsync(null, null, share.TenantId, ShareAudit.Access, "share", share.Id, AuditOutcomes.Failure, details: "reason=email_required", ct: ct);
            metrics.Accessed("email_verification");
            return new ShareAccessResult(null);
        }
        if (r.EmailCode is null)
        {
            await RequestEmailCodeAsync(share, recipient, matches, tokenHash, now, ct);
            metrics.Accessed("email_verification");
            return new ShareAccessResult(null);
        }
        var row = db.Set<RecordShare>().Where(s => s.Id == share.Id);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var taken = await row.Where(s => s.EmailCodeHmac != null && s.EmailCodeExpiresAt > now && s.EmailCodeFailures < RecordShare.MaxEmailCodeFailures)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EmailCodeFailures, x => x.EmailCodeFailures + 1), ct);
        var stored = taken == 1 ? await row.AsNoTracking().Select(s => s.EmailCodeHmac).FirstAsync(ct) : null;
        if (stored is not null && matches && await secrets.MatchesAsync(share.TenantId, share.SecretKeyId, tokenHash, ShareCodeKinds.EmailCode, r.EmailCode, stored, ct))
        {
            await row.ExecuteUpdateAsync(s => s.SetProperty(x => x.EmailCodeHmac, (string?)null).SetProperty(x => x.EmailCodeFailures, 0), ct);
            await tx.CommitAsync(CancellationToken.None);
            return null;
        }
        // Three wrong codes and the code dies: the recipient asks for a new one.
        await row.Where(s => s.EmailCodeFailures >= RecordShare.MaxEmailCodeFailures)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EmailCodeHmac, (string?)null), ct);
        await audit.RecordForAsync(null, null, share.TenantId, ShareAudit.Access, "share", share.Id, AuditOutcomes.Failure, details: "reason=wrong_email_code", ct: ct);
        await tx.CommitAsync(CancellationToken.None);
        metrics.Accessed("wrong_email_code");
        return new Problem(403, "Forbidden", "The e-mail code is wrong or has expired: ask for a new one.",
            Errors: new Dictionary<string, string[]> { ["email_code"] = ["Wrong or expired."] });
    }

    private async Task RequestEmailCodeAsync(RecordShare share, string recipient, bool matches, string tokenHash, DateTime now, CancellationToken ct)
    {
        var code = ShareSecrets.NewCode();
        var hmac = await secrets.SealAsync(share.TenantId, share.SecretKeyId, tokenHash, ShareCodeKinds.EmailCode, code, ct);
        var clinic = await db.Tenants.AsNoTracking().Where(t => t.Id == share.TenantId).Select(t => t.Name).FirstAsync(ct);
        var row = db.Set<RecordShare>().Where(s => s.Id == share.Id);
        var windowOpen = now - TimeSpan.FromHours(1);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // At most five codes an hour: each code brings three tries, so without a cap the tries would have none.
        var sent = matches && await row.Where(s => s.EmailCodesWindowStart == null || s.EmailCodesWindowStart <= windowOpen
                || s.EmailCodesSent < RecordShare.MaxEmailCodesPerHour)
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.EmailCodeHmac, hmac)
                .SetProperty(x => x.EmailCodeExpiresAt, now + EmailCodeLifetime)
                .SetProperty(x => x.EmailCodeFailures, 0)
                .SetProperty(x => x.EmailCodesSent, x => x.EmailCodesWindowStart == null || x.EmailCodesWindowStart <= windowOpen ? 1 : x.EmailCodesSent + 1)
                .SetProperty(x => x.EmailCodesWindowStart, x => x.EmailCodesWindowStart == null || x.EmailCodesWindowStart <= windowOpen ? now : x.EmailCodesWindowStart),
                ct) == 1;
        var reason = sent ? "email_code_sent" : matches ? "too_many_codes" : "email_mismatch";
        if (sent)
        {
            mail.Add(db, share.TenantId, NotificationTypes.ShareCode, null, null, ShareCodeEmail.Compose(recipient, clinic, code, EmailCodeLifetime));
        }
        else
        {
            // The same work as a sent code (an update, a delivery row, an audit entry): the answer's time tells nothing.
            mail.AddWithheld(db, share.TenantId, NotificationTypes.ShareCode, matches ? "too_many_codes" : "not_the_recipient");
            await row.ExecuteUpdateAsync(s => s.SetProperty(x => x.UpdatedAt, x => x.UpdatedAt), ct);
        }
        await db.SaveChangesAsync(ct);
        await audit.RecordForAsync(null, null, share.TenantId, ShareAudit.Access, "share", share.Id, AuditOutcomes.Failure,
            details: $"reason={reason}", ct: ct);
        await tx.CommitAsync(CancellationToken.None);
        if (sent)
        {
            mail.Flush();
        }
    }

    private void AddOwnerEvent(RecordShare share, string type, DateTime now) => db.Add(new OutboxMessage
    {
        TenantId = share.TenantId,
        Type = type,
        Payload = JsonSerializer.Serialize(new { share_id = share.Id, patient_id = share.PatientId, creator_id = share.CreatedById }),
        CreatedAt = now,
    });

    private async Task<Problem> RefusedAsync(RecordShare? share, string reason, Problem answer, CancellationToken ct)
    {
        await audit.RecordForAsync(null, null, share?.TenantId, ShareAudit.Access, "share", share?.Id, AuditOutcomes.Failure, details: $"reason={reason}", ct: ct);
        metrics.Accessed(answer.Status == 404 ? "not_available" : reason);
        return answer;
    }

    private static bool IsCode(string value) => value.Length == 6 && value.All(char.IsAsciiDigit);

    /// <summary>One answer for unknown, expired, revoked and used-up links: which one it is stays in the audit trail.</summary>
    internal static readonly Problem NotAvailable = new(404, "Not found", "This link is not available.");

    private static readonly Problem Locked = new(423, "Locked", "This share is locked after too many wrong PINs. Ask its sender for a new one.");

    private static Problem WrongPin(int remaining, string detail) =>
        new(403, "Forbidden", detail, Extensions: new Dictionary<string, object?> { ["remaining_attempts"] = Math.Max(0, remaining) });
}
