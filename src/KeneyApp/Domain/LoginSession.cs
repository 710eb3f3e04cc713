using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KeneyApp.Domain;

/// <summary>
/// One login: its refresh tokens rotate inside it, and every access token names it (<c>sid</c>). Ending it
/// (<see cref="RevokedAt"/>) ends both kinds of token at once: every request checks its session.
/// </summary>
public sealed class LoginSession
{
    public Guid Id { get; set; }
    public int UserId { get; set; }
    public DateTime StartedAt { get; set; }
    /// <summary>No refresh past this, however often the session is refreshed (<c>Jwt:SessionMaxDays</c>).</summary>
    public DateTime ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    /// <summary>Why it ended (<see cref="SessionEndReasons"/>).</summary>
    public string? RevokedReason { get; set; }
}

public static class SessionEndReasons
{
    public const string Logout = "logout";
    public const string PasswordChange = "password_change";
    public const string PasswordReset = "password_reset";
    public const string AccountChange = "account_change";
    public const string ClinicClosed = "clinic_closed";
    public const string PatientArchived = "patient_archived";
    public const string TokenReuse = "token_reuse";
    /// <summary>A web page went unused for longer than the idle limit.</summary>
    public const string Idle = "idle";
}

internal sealed class LoginSessionConfiguration : IEntityTypeConfiguration<LoginSession>
{
    public void Configure(EntityTypeBuilder<LoginSession> builder)
    {
        builder.ToTable("login_sessions");
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.RevokedReason).HasMaxLength(32);
        builder.HasIndex(s => s.UserId);
        // The revocation feed reads the recent ones (SessionRevocationFeed).
        builder.HasIndex(s => s.RevokedAt).HasFilter("revoked_at IS NOT NULL");
        builder.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
