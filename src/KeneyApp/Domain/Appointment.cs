using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KeneyApp.Domain;

public enum AppointmentStatus { Scheduled, Confirmed, InProgress, Completed, Cancelled, NoShow }

/// <summary>A slot in a doctor's schedule for one patient. Cancelled and no-show slots free the doctor again.</summary>
public sealed class Appointment : ITenantOwned, IPatientRecord
{
    public int Id { get; set; }
    public int TenantId { get; set; }
    public int PatientId { get; set; }
    public int DoctorId { get; set; }
    public DateTime AppointmentDate { get; set; }
    public int DurationMinutes { get; set; }
    public DateTime EndsAt { get; set; }
    public AppointmentStatus Status { get; set; }
    public string? Reason { get; set; }
    public string? Notes { get; set; }
    public int? CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public static bool BlocksSchedule(AppointmentStatus status) => status is not (AppointmentStatus.Cancelled or AppointmentStatus.NoShow);
}

internal sealed class AppointmentConfiguration : IEntityTypeConfiguration<Appointment>
{
    public void Configure(EntityTypeBuilder<Appointment> builder)
    {
        builder.ToTable("appointments");
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Reason).HasMaxLength(500);
        builder.Property(a => a.Notes).HasMaxLength(4000);
        builder.HasIndex(a => new { a.TenantId, a.DoctorId, a.AppointmentDate });
        builder.HasIndex(a => new { a.TenantId, a.PatientId, a.AppointmentDate });
        builder.HasOne<Patient>().WithMany().HasForeignKey(a => a.PatientId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(a => a.DoctorId).OnDelete(DeleteBehavior.Restrict);
    }
}
