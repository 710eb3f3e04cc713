using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KeneyApp.Domain;

public enum DocumentType { LabResult, Imaging, Prescription, ConsultationNote, VaccinationRecord, Insurance, IdDocument, Other }

public enum DocumentFormat { Pdf, Jpeg, Png, Dicom, Docx, Txt }

public enum DocumentStatus { Uploading, Processing, Ready, Failed, Archived }

/// <summary>
/// A file in a patient's record. The file itself is stored encrypted under <see cref="StorageKey"/> (random, never
/// built from the user's file name) with its own key, wrapped by the clinic's data key <see cref="EncryptionKeyId"/>;
/// neither is ever answered to a client. <see cref="Checksum"/> is the SHA-256 of the original bytes.
/// </summary>
public sealed class Document : ITenantOwned, IPatientRecord, ISoftDeletable
{
    public int Id { get; set; }
    public int TenantId { get; set; }
    public int PatientId { get; set; }
    public int UploadedById { get; set; }
    public int? AppointmentId { get; set; }
    public int? PrescriptionId { get; set; }
    public required string OriginalFilename { get; set; }
    public DocumentType DocumentType { get; set; }
    public DocumentFormat DocumentFormat { get; set; }
    public required string MimeType { get; set; }
    public long FileSize { get; set; }
    public required string Checksum { get; set; }
    public DocumentStatus Status { get; set; }
    public string? ProcessingError { get; set; }
    /// <summary>
    /// JSON object (DICOM tags, page count, image size…), encrypted like the OCR text: a DICOM header carries the
    /// patient's name and id.
    /// </summary>
    public string? ExtractedMetadataEncrypted { get; set; }
    public string? OcrTextEncrypted { get; set; }
    public string? Description { get; set; }
    /// <summary>JSON array of strings.</summary>
    public string Tags { get; set; } = "[]";
    public bool IsSensitive { get; set; } = true;
    public required string StorageKey { get; set; }
    /// <summary>Where the encrypted preview image is stored (images only), under the same file key.</summary>
    public string? PreviewStorageKey { get; set; }
    public long StoredSize { get; set; }
    public int EncryptionKeyId { get; set; }
    public required byte[] WrappedFileKey { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? DeletedAt { get; set; }
    /// <summary>When the archived document's file was removed from the store, after the retention period.</summary>
    public DateTime? FilePurgedAt { get; set; }
    /// <summary>
    /// When the patient was given the document. Lab results wait for a doctor's review unless the clinic releases them
    /// at upload; every other document is released when it is added. Until then the patient does not see it.
    /// </summary>
    public DateTime? ReleasedAt { get; set; }
    public int? ReleasedById { get; set; }

    /// <summary>Whether the patient sees the document (see <see cref="ReleasedAt"/>).</summary>
    public static readonly System.Linq.Expressions.Expression<Func<Document, bool>> ReleasedToPatient = d => d.ReleasedAt != null;

    public static bool IsClinical(DocumentType type) =>
        type is DocumentType.LabResult or DocumentType.Imaging or DocumentType.Prescription or DocumentType.ConsultationNote
            or DocumentType.VaccinationRecord;

    /// <summary>Associated data of the wrapped file key: it opens only for this clinic's file at this storage key.</summary>
    public static byte[] FileKeyContext(int tenantId, string storageKey) =>
        System.Text.Encoding.UTF8.GetBytes($"tenant:{tenantId}|document.file_key|{storageKey}");

    /// <summary>Associated data of every segment of the stored preview image.</summary>
    public static byte[] PreviewContext(int tenantId, string previewKey) =>
        System.Text.Encoding.UTF8.GetBytes($"tenant:{tenantId}|document.preview|{previewKey}");

    /// <summary>Associated data of every segment of the stored file.</summary>
    public static byte[] FileContext(int tenantId, string storageKey) =>
        System.Text.Encoding.UTF8.GetBytes($"tenant:{tenantId}|document.file|{storageKey}");
}

internal sealed class DocumentConfiguration : IEntityTypeConfiguration<Document>
{
    public void Configure(EntityTypeBuilder<Document> builder)
    {
        builder.ToTable("documents");
        builder.Property(d => d.OriginalFilename).HasMaxLength(255);
        builder.Property(d => d.DocumentType).HasConversion<string>().HasMaxLength(32);
        builder.Property(d => d.DocumentFormat).HasConversion<string>().HasMaxLength(8);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.MimeType).HasMaxLength(100);
        builder.Property(d => d.Checksum).HasMaxLength(64);
        builder.Property(d => d.ProcessingError).HasMaxLength(64);
        builder.Property(d => d.Description).HasMaxLength(1000);
        builder.Property(d => d.Tags).HasMaxLength(2000);
        builder.Property(d => d.StorageKey).HasMaxLength(64);
        builder.Property(d => d.PreviewStorageKey).HasMaxLength(64);
        builder.HasIndex(d => d.StorageKey).IsUnique();
        builder.HasIndex(d => new { d.TenantId, d.PatientId, d.CreatedAt });
        // One live copy of a file per patient: the same bytes again answer 409 with the existing document.
        builder.HasIndex(d => new { d.PatientId, d.Checksum }).IsUnique().HasFilter("deleted_at IS NULL");
        builder.HasIndex(d => d.DeletedAt).HasFilter("deleted_at IS NOT NULL");
        builder.HasOne<Patient>().WithMany().HasForeignKey(d => d.PatientId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(d => d.UploadedById).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Appointment>().WithMany().HasForeignKey(d => d.AppointmentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Prescription>().WithMany().HasForeignKey(d => d.PrescriptionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<TenantKey>().WithMany().HasForeignKey(d => d.EncryptionKeyId).OnDelete(DeleteBehavior.Restrict);
    }
}
