using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KeneyApp.Domain;

/// <summary>
/// A person who logs in. <see cref="TenantId"/> is null only for platform operators (super_admin).
/// E-mail is the login and unique across the platform, so login needs no tenant hint.
/// </summary>
public sealed class User
{
    public int Id { get; set; }
    public int? TenantId { get; set; }
    public required string Email { get; set; }
    public required string NormalizedEmail { get; set; }
    public required string Username { get; set; }
    public required string NormalizedUsername { get; set; }
    public required string FullName { get; set; }
    public required string Role { get; set; }
    public string PasswordHash { get; set; } = "";
    public bool IsActive { get; set; } = true;
    /// <summary>Locked by an admin, until an admin unlocks it (unlike the 15-minute failure lockout).</summary>
    public bool IsLocked { get; set; }
    public int AccessFailedCount { get; set; }
    public DateTime? LockoutEnd { get; set; }
    public bool MfaEnabled { get; set; }
    /// <summary>TOTP secret, encrypted with the tenant key (purpose <c>user.mfa_secret</c>).</summary>
    public string? MfaSecret { get; set; }
    /// <summary>Set up but not yet confirmed with a code.</summary>
    public string? MfaPendingSecret { get; set; }
    /// <summary>Last accepted TOTP time step: a code is never accepted twice.</summary>
    public long? MfaLastUsedStep { get; set; }
    public string PreferredLanguage { get; set; } = "fr";
    public int? PatientId { get; set; }
    /// <summary>SHA-256 of a one-time activation token (portal invitations); the account has no password until used.</summary>
    public string? ActivationTokenHash { get; set; }
    public DateTime? ActivationExpiresAt { get; set; }
    /// <summary>Wrong dates of birth given with the current activation token; too many void it.</summary>
    public int ActivationFailures { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? PasswordChangedAt { get; set; }

    public static string Normalize(string value) => value.Trim().ToUpperInvariant();
}

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.Property(u => u.Email).HasMaxLength(254);
        builder.Property(u => u.NormalizedEmail).HasMaxLength(254);
        builder.HasIndex(u => u.NormalizedEmail).IsUnique();
        builder.Property(u => u.Username).HasMaxLength(100);
        builder.Property(u => u.NormalizedUsername).HasMaxLength(100);
        builder.HasIndex(u => u.NormalizedUsername).IsUnique();
        builder.Property(u => u.FullName).HasMaxLength(200);
        builder.Property(u => u.Role).HasMaxLength(32);
        builder.Property(u => u.PasswordHash).HasMaxLength(512);
        builder.Property(u => u.PreferredLanguage).HasMaxLength(8);
        builder.Property(u => u.ActivationTokenHash).HasMaxLength(64);
        builder.HasIndex(u => u.ActivationTokenHash).IsUnique();
        builder.HasIndex(u => new { u.TenantId, u.Role });
        builder.HasOne<Tenant>().WithMany().HasForeignKey(u => u.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
