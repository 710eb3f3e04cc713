using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KeneyApp.Domain;

/// <summary>A clinic. Every tenant-owned row points at one.</summary>
public sealed class Tenant
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Slug { get; set; }
    public string? ContactEmail { get; set; }
    public string DefaultTimezone { get; set; } = "Europe/Paris";
    public string DefaultLanguage { get; set; } = "fr";
    public bool IsActive { get; set; } = true;
    /// <summary>How long before an appointment its reminders go, in hours, separated by commas ("24", "48,2").</summary>
    public string AppointmentReminderLeadHours { get; set; } = "24";
    /// <summary>How many days before a prescription's end date the renewal reminder goes.</summary>
    public int PrescriptionRenewalLeadDays { get; set; } = 7;
    /// <summary>How long an urgent message may stay unread before its receiver gets an SMS about it.</summary>
    public int UrgentMessageEscalationMinutes { get; set; } = 30;
    /// <summary>Lab results reach the patient at upload, or only once a doctor releases them (the default).</summary>
    public bool LabResultsReleasedAtUpload { get; set; }

    /// <summary>The reminder lead times as numbers; the default when the setting holds nothing usable.</summary>
    public static IReadOnlyList<int> LeadHours(string setting)
    {
        var hours = setting.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(h => int.TryParse(h, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : 0)
            .Where(h => h is > 0 and <= 24 * 14).Distinct().Order().ToList();
        return hours.Count > 0 ? hours : [24];
    }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

internal sealed class TenantConfiguration : IEntityTypeConfiguration<Tenant>
{
    public void Configure(EntityTypeBuilder<Tenant> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(200);
        builder.Property(t => t.Slug).HasMaxLength(64);
        builder.HasIndex(t => t.Slug).IsUnique();
        builder.Property(t => t.ContactEmail).HasMaxLength(254);
        builder.Property(t => t.DefaultTimezone).HasMaxLength(64);
        builder.Property(t => t.DefaultLanguage).HasMaxLength(8);
        builder.Property(t => t.AppointmentReminderLeadHours).HasMaxLength(64);
    }
}
