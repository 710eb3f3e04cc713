using System.Text.Json;
using System.Text.Json.Serialization;
using KeneyApp.Platform.Crypto;

namespace KeneyApp.Features.Documents;

/// <summary>A document's metadata. Never its storage key, its file key or where it is stored.</summary>
public sealed record DocumentResponse(
    int Id, string OriginalFilename, DocumentType DocumentType, DocumentFormat DocumentFormat, string MimeType, long FileSize,
    string Checksum, DocumentStatus Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ProcessingError,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? ExtractedMetadata,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? OcrText,
    int PatientId, int UploadedById, int? AppointmentId, int? PrescriptionId, string? Description, IReadOnlyList<string> Tags,
    bool IsSensitive, DateTime CreatedAt, DateTime UpdatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateTime? ReleasedAt);

/// <summary>What may change after upload. Members left out stay as they are.</summary>
public sealed record UpdateDocumentRequest(
    string? Description, IReadOnlyList<string>? Tags, DocumentType? DocumentType, int? AppointmentId, int? PrescriptionId, bool? IsSensitive);

public sealed record DocumentCount(string Key, int Count, long Bytes);

public sealed record DocumentStatsResponse(int TotalDocuments, long TotalBytes, IReadOnlyList<DocumentCount> ByType, IReadOnlyList<DocumentCount> ByFormat);

/// <summary>Turns a stored row into its answer, opening the encrypted metadata and OCR text.</summary>
public sealed class DocumentReader(FieldEncryptor encryptor)
{
    public const string OcrPurpose = "document.ocr_text";
    public const string MetadataPurpose = "document.extracted_metadata";

    public DocumentResponse Read(Document d) => new(
        d.Id, d.OriginalFilename, d.DocumentType, d.DocumentFormat, d.MimeType, d.FileSize, d.Checksum, d.Status, d.ProcessingError,
        encryptor.DecryptOrNull(d.TenantId, MetadataPurpose, d.ExtractedMetadataEncrypted) is { } metadata
            ? JsonDocument.Parse(metadata).RootElement.Clone()
            : null,
        encryptor.DecryptOrNull(d.TenantId, OcrPurpose, d.OcrTextEncrypted),
        d.PatientId, d.UploadedById, d.AppointmentId, d.PrescriptionId, d.Description,
        JsonSerializer.Deserialize<List<string>>(d.Tags) ?? [], d.IsSensitive, d.CreatedAt, d.UpdatedAt, d.ReleasedAt);
}
