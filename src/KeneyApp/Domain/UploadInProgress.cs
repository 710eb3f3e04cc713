using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KeneyApp.Domain;

/// <summary>
/// A storage key an upload is writing, claimed before its first byte and released in the transaction that commits
/// its document (or when the upload fails). The sweep of orphan files leaves a claimed key alone, however old its
/// file looks (an S3 multipart object is dated by its start; the row follows the file's extraction and preview),
/// until the claim is <see cref="StaleAfter"/> old: then the process that made it is gone.
/// </summary>
public sealed class UploadInProgress
{
    public static readonly TimeSpan StaleAfter = TimeSpan.FromHours(24);

    public required string StorageKey { get; set; }
    public DateTime StartedAt { get; set; }
}

internal sealed class UploadInProgressConfiguration : IEntityTypeConfiguration<UploadInProgress>
{
    public void Configure(EntityTypeBuilder<UploadInProgress> builder)
    {
        builder.ToTable("uploads_in_progress");
        builder.HasKey(u => u.StorageKey);
        builder.Property(u => u.StorageKey).HasMaxLength(32);
    }
}
