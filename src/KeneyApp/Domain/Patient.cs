using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KeneyApp.Domain;

/// <summary>
/// A patient of one clinic. The clinical and contact fields named in SECURITY.md are stored encrypted with the
/// clinic's key (<see cref="PatientFields"/> purposes); <see cref="SearchName"/> is a folded copy of the name
/// for accent- and case-insensitive search on both databases.
/// </summary>
public sealed class Patient : ITenantOwned, ISoftDeletable
{
    public int Id { get; set; }
    public int TenantId { get; set; }
    public required string FirstName { get; set; }
    public required string LastName { get; set; }
    public required string SearchName { get; set; }
    public DateOnly DateOfBirth { get; set; }
    public required string Gender { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? BloodType { get; set; }
    public string? InsNumber { get; set; }
    public string PreferredLanguage { get; set; } = "fr";
    public string Timezone { get; set; } = "Europe/Paris";
    public string? AddressEncrypted { get; set; }
    public string? MedicalHistoryEncrypted { get; set; }
    public string? AllergiesEncrypted { get; set; }
    public string? EmergencyContactEncrypted { get; set; }
    public string? EmergencyPhoneEncrypted { get; set; }
    public int? CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? DeletedAt { get; set; }
    /// <summary>When the e-mail address last changed on an existing record, and by whom: portal invitations go to it.</summary>
    public DateTime? EmailChangedAt { get; set; }
    public int? EmailChangedById { get; set; }
}

/// <summary>Associated-data purposes of the encrypted patient fields.</summary>
public static class PatientFields
{
    public const string Address = "patient.address";
    public const string MedicalHistory = "patient.medical_history";
    public const string Allergies = "patient.allergies";
    public const string EmergencyContact = "patient.emergency_contact";
    public const string EmergencyPhone = "patient.emergency_phone";
}

internal sealed class PatientConfiguration : IEntityTypeConfiguration<Patient>
{
    public void Configure(EntityTypeBuilder<Patient> builder)
    {
        builder.ToTable("patients");
        builder.Property(p => p.FirstName).HasMaxLength(100);
        builder.Property(p => p.LastName).HasMaxLength(100);
        builder.Property(p => p.SearchName).HasMaxLength(201);
        builder.Property(p => p.Gender).HasMaxLength(8);
        builder.Property(p => p.Email).HasMaxLength(254);
        builder.Property(p => p.Phone).HasMaxLength(16);
        builder.Property(p => p.BloodType).HasMaxLength(3);
        builder.Property(p => p.InsNumber).HasMaxLength(15);
        builder.Property(p => p.PreferredLanguage).HasMaxLength(8);
        builder.Property(p => p.Timezone).HasMaxLength(64);
        builder.HasIndex(p => new { p.TenantId, p.SearchName });
        builder.HasIndex(p => new { p.TenantId, p.DateOfBirth });
        builder.HasIndex(p => new { p.TenantId, p.Email });
        builder.HasIndex(p => new { p.TenantId, p.Phone });
        // The national identifier names one person: one live record per clinic (an archived one may be re-created).
        builder.HasIndex(p => new { p.TenantId, p.InsNumber }).IsUnique().HasFilter("ins_number IS NOT NULL AND deleted_at IS NULL");
        builder.HasOne<Tenant>().WithMany().HasForeignKey(p => p.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
