namespace KeneyApp.Features.Documents;

/// <summary>Section <c>Documents</c>; <c>DOCUMENTS_UPLOAD_DIR</c> and <c>MAX_DOCUMENT_SIZE</c> are aliases.</summary>
public sealed class DocumentsOptions
{
    public const string Section = "Documents";

    /// <summary>The local folder of stored files; default <c>{data}/documents</c>.</summary>
    public string? UploadDir { get; set; }

    /// <summary>Largest file accepted, in bytes (50 MiB).</summary>
    public long MaxSize { get; set; } = 52_428_800;

    /// <summary>How long an archived document's file is kept before the purge removes it.</summary>
    public int RetentionDays { get; set; } = 30;

    /// <summary>How often the housekeeping runs (purge, orphan sweep, size gauge).</summary>
    public double HousekeepingMinutes { get; set; } = 60;

    /// <summary>A stored file with no document row is an orphan (an interrupted upload) once this old.</summary>
    public double OrphanGraceMinutes { get; set; } = 60;
}
