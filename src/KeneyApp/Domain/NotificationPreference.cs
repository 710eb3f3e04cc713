using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KeneyApp.Domain;

/// <summary>
/// What one recipient accepts: each type × channel on or off, quiet hours for SMS, time zone and language. A
/// patient's preferences belong to its record (reminders reach patients with no portal account too), staff's to
/// their account. No row means the defaults: everything on, 21:00–08:00, the clinic's zone and language.
/// </summary>
public sealed class NotificationPreference : ITenantOwned
{
    public int Id { get; set; }
    public int TenantId { get; set; }
    public int? UserId { get; set; }
    public int? PatientId { get; set; }
    /// <summary>The channels turned off, as <c>type:channel</c> pairs separated by spaces (everything else is on).</summary>
    public string OptedOut { get; set; } = "";
    public TimeOnly QuietHoursStart { get; set; } = new(21, 0);
    public TimeOnly QuietHoursEnd { get; set; } = new(8, 0);
    public required string Timezone { get; set; }
    public required string Language { get; set; }
    public DateTime UpdatedAt { get; set; }

    public bool Allows(string type, string channel) => !OptedOut.Split(' ').Contains($"{type}:{channel}");

    /// <summary>Turns one type × channel on or off; answers whether that changed anything.</summary>
    public bool Set(string type, string channel, bool on)
    {
        var off = OptedOut.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        var changed = on ? off.Remove($"{type}:{channel}") : off.Add($"{type}:{channel}");
        OptedOut = string.Join(' ', off.Order());
        return changed;
    }
}

internal sealed class NotificationPreferenceConfiguration : IEntityTypeConfiguration<NotificationPreference>
{
    public void Configure(EntityTypeBuilder<NotificationPreference> builder)
    {
        builder.ToTable("notification_preferences");
        builder.Property(p => p.OptedOut).HasMaxLength(400);
        builder.Property(p => p.Timezone).HasMaxLength(64);
        builder.Property(p => p.Language).HasMaxLength(8);
        builder.HasIndex(p => p.UserId).IsUnique().HasFilter("user_id IS NOT NULL");
        builder.HasIndex(p => p.PatientId).IsUnique().HasFilter("patient_id IS NOT NULL");
    }
}
