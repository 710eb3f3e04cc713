using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KeneyApp.Domain;

/// <summary>
/// A patient's record, or part of it (<see cref="Scope"/>), opened to someone outside the clinic through a link and,
/// optionally, a PIN and proof of a mailbox. The link's token is stored only as its SHA-256, the PIN and the e-mail
/// code only as HMACs under a key derived from the clinic's data key (<see cref="SecretKeyId"/>); who the recipient
/// is, and why, only encrypted. Counters and the lockout live here, so every node and a restart see them.
/// </summary>
public sealed class RecordShare : ITenantOwned
{
    public const int MaxPinFailures = 5;
    public const int MaxEmailCodeFailures = 3;
    /// <summary>E-mail codes a share sends in an hour at most: each new code brings three new tries.</summary>
    public const int MaxEmailCodesPerHour = 5;

    public int Id { get; set; }
    public int TenantId { get; set; }
    public int PatientId { get; set; }
    public int CreatedById { get; set; }
    public required string Scope { get; set; }
    /// <summary>For <see cref="ShareScopes.Custom"/>: <c>{"appointments":[ids],…}</c> as JSON; ids checked to be the patient's at creation.</summary>
    public string? CustomResources { get; set; }
    /// <summary>SHA-256 of the link's token (hex); null once purged.</summary>
    public string? TokenHash { get; set; }
    public bool RequirePin { get; set; }
    /// <summary>HMAC of the PIN; null without a PIN, or once purged.</summary>
    public string? PinHmac { get; set; }
    /// <summary>The clinic data key the HMACs were made under.</summary>
    public int SecretKeyId { get; set; }
    public string? RecipientEmailEncrypted { get; set; }
    public string? RecipientNameEncrypted { get; set; }
    public string? PurposeEncrypted { get; set; }
    public string? NotesEncrypted { get; set; }
    public string Status { get; set; } = ShareStatuses.Active;
    public DateTime ExpiresAt { get; set; }
    public int AccessCount { get; set; }
    public int? MaxAccessCount { get; set; }
    public int FailedPinAttempts { get; set; }
    public DateTime? LastAccessedAt { get; set; }
    public string? LastAccessedIp { get; set; }
    public bool ConsentGiven { get; set; }
    public DateTime ConsentAt { get; set; }
    public int ConsentRecordedById { get; set; }
    /// <summary>The current e-mail code's HMAC (recipient-restricted shares), its end of life and wrong tries.</summary>
    public string? EmailCodeHmac { get; set; }
    public DateTime? EmailCodeExpiresAt { get; set; }
    public int EmailCodeFailures { get; set; }
    /// <summary>Codes sent since <see cref="EmailCodesWindowStart"/>; a new window opens an hour after it.</summary>
    public int EmailCodesSent { get; set; }
    public DateTime? EmailCodesWindowStart { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public int? RevokedById { get; set; }
    public DateTime? LockedAt { get; set; }
    /// <summary>When the token and PIN hashes were erased (30 days after the share ended).</summary>
    public DateTime? SecretsPurgedAt { get; set; }
}

public static class ShareScopes
{
    public const string FullRecord = "full_record";
    public const string AppointmentsOnly = "appointments_only";
    public const string PrescriptionsOnly = "prescriptions_only";
    public const string DocumentsOnly = "documents_only";
    public const string Custom = "custom";

    public static readonly string[] All = [FullRecord, AppointmentsOnly, PrescriptionsOnly, DocumentsOnly, Custom];
}

public static class ShareStatuses
{
    public const string Active = "active";
    public const string Expired = "expired";
    public const string Revoked = "revoked";
    public const string Used = "used";
    public const string Locked = "locked";

    public static readonly string[] All = [Active, Expired, Revoked, Used, Locked];
}

public static class ShareFields
{
    public const string RecipientEmail = "share.recipient_email";
    public const string RecipientName = "share.recipient_name";
    public const string Purpose = "share.purpose";
    public const string Notes = "share.notes";
}

internal sealed class RecordShareConfiguration : IEntityTypeConfiguration<RecordShare>
{
    public void Configure(EntityTypeBuilder<RecordShare> builder)
    {
        builder.ToTable("record_shares");
        builder.Property(s => s.Scope).HasMaxLength(32);
        builder.Property(s => s.CustomResources).HasMaxLength(8000);
        builder.Property(s => s.TokenHash).HasMaxLength(64);
        builder.Property(s => s.PinHmac).HasMaxLength(64);
        builder.Property(s => s.EmailCodeHmac).HasMaxLength(64);
        builder.Property(s => s.Status).HasMaxLength(16);
        builder.Property(s => s.LastAccessedIp).HasMaxLength(64);
        builder.Property(s => s.RecipientEmailEncrypted).HasMaxLength(1024);
        builder.Property(s => s.RecipientNameEncrypted).HasMaxLength(1024);
        builder.Property(s => s.PurposeEncrypted).HasMaxLength(4096);
        builder.Property(s => s.NotesEncrypted).HasMaxLength(8192);
        // The public access looks a share up by its token alone, before any clinic is known.
        builder.HasIndex(s => s.TokenHash).IsUnique().HasFilter("token_hash IS NOT NULL");
        builder.HasIndex(s => new { s.TenantId, s.CreatedById, s.CreatedAt });
        builder.HasIndex(s => new { s.TenantId, s.PatientId, s.CreatedAt });
        builder.HasIndex(s => new { s.Status, s.ExpiresAt });
    }
}
