using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KeneyApp.Domain;

public enum PrescriptionStatus { Active, Expired, Cancelled }

/// <summary>
/// A signed prescription: never edited (cancel and prescribe again, as in practice). Its status follows from
/// the clock and the cancellation, so it is computed, not stored.
/// </summary>
public sealed class Prescription : ITenantOwned, IPatientRecord
{
    public int Id { get; set; }
    public int TenantId { get; set; }
    public int PatientId { get; set; }
    public int DoctorId { get; set; }
    public required string MedicationName { get; set; }
    public string? AtcCode { get; set; }
    public required string Dosage { get; set; }
    public required string Frequency { get; set; }
    public int DurationDays { get; set; }
    public DateOnly StartDate { get; set; }
    /// <summary>Last day of treatment: start + duration − 1.</summary>
    public DateOnly EndDate { get; set; }
    public int Refills { get; set; }
    public string? Instructions { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? CancelledAt { get; set; }
    public int? CancelledById { get; set; }

    public PrescriptionStatus StatusOn(DateOnly today) =>
        CancelledAt is not null ? PrescriptionStatus.Cancelled
        : EndDate < today ? PrescriptionStatus.Expired
        : PrescriptionStatus.Active;
}

internal sealed class PrescriptionConfiguration : IEntityTypeConfiguration<Prescription>
{
    public void Configure(EntityTypeBuilder<Prescription> builder)
    {
        builder.ToTable("prescriptions");
        builder.Property(p => p.MedicationName).HasMaxLength(200);
        builder.Property(p => p.AtcCode).HasMaxLength(7);
        builder.Property(p => p.Dosage).HasMaxLength(200);
        builder.Property(p => p.Frequency).HasMaxLength(200);
        builder.Property(p => p.Instructions).HasMaxLength(2000);
        builder.HasIndex(p => new { p.TenantId, p.PatientId, p.EndDate });
        builder.HasIndex(p => new { p.TenantId, p.EndDate });
        builder.HasOne<Patient>().WithMany().HasForeignKey(p => p.PatientId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(p => p.DoctorId).OnDelete(DeleteBehavior.Restrict);
    }
}
