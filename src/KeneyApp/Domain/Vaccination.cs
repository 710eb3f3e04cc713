using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KeneyApp.Domain;

/// <summary>An administered dose. Removing one (entered in error) archives it.</summary>
public sealed class Vaccination : ITenantOwned, ISoftDeletable, IPatientRecord
{
    public int Id { get; set; }
    public int TenantId { get; set; }
    public int PatientId { get; set; }
    public required string VaccineCode { get; set; }
    public required string VaccineName { get; set; }
    public int DoseNumber { get; set; }
    public DateOnly AdministeredOn { get; set; }
    public string? LotNumber { get; set; }
    public DateOnly? NextDueOn { get; set; }
    public int AdministeredById { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? DeletedAt { get; set; }
}

/// <summary>A clinic's vaccine list: booster interval (for the next due date) and reminder lead time.</summary>
public sealed class VaccineCatalogueEntry : ITenantOwned
{
    public int Id { get; set; }
    public int TenantId { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public int? BoosterIntervalDays { get; set; }
    public int ReminderLeadDays { get; set; }
}

internal sealed class VaccinationConfiguration : IEntityTypeConfiguration<Vaccination>
{
    public void Configure(EntityTypeBuilder<Vaccination> builder)
    {
        builder.ToTable("vaccinations");
        builder.Property(v => v.VaccineCode).HasMaxLength(32);
        builder.Property(v => v.VaccineName).HasMaxLength(200);
        builder.Property(v => v.LotNumber).HasMaxLength(64);
        builder.HasIndex(v => new { v.TenantId, v.PatientId, v.AdministeredOn });
        builder.HasIndex(v => new { v.TenantId, v.NextDueOn });
        builder.HasOne<Patient>().WithMany().HasForeignKey(v => v.PatientId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(v => v.AdministeredById).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class VaccineCatalogueConfiguration : IEntityTypeConfiguration<VaccineCatalogueEntry>
{
    public void Configure(EntityTypeBuilder<VaccineCatalogueEntry> builder)
    {
        builder.ToTable("vaccine_catalogue");
        builder.Property(v => v.Code).HasMaxLength(32);
        builder.Property(v => v.Name).HasMaxLength(200);
        builder.HasIndex(v => new { v.TenantId, v.Code }).IsUnique();
    }
}
