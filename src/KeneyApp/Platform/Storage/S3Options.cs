namespace KeneyApp.Platform.Storage;

/// <summary>
/// Section <c>S3</c>; <c>S3_BUCKET</c>, <c>S3_ENDPOINT</c>, <c>S3_REGION</c>, <c>S3_ACCESS_KEY_ID</c> and
/// <c>S3_SECRET_ACCESS_KEY</c> are aliases. A bucket set: documents go to it instead of the local folder.
/// </summary>
public sealed class S3Options
{
    public const string Section = "S3";

    public string? Bucket { get; set; }

    /// <summary>An S3-compatible server's URL (MinIO, Ceph, Scaleway…); none: AWS itself, in <see cref="Region"/>.</summary>
    public string? Endpoint { get; set; }

    public string Region { get; set; } = "us-east-1";

    /// <summary>Credentials; none: the AWS SDK's usual sources (AWS_ACCESS_KEY_ID…, a profile, the instance role).</summary>
    public string? AccessKeyId { get; set; }

    public string? SecretAccessKey { get; set; }

    /// <summary>Size of each part of a multipart upload, in bytes: S3 allows no less than 5 MiB; one part is held in memory per upload.</summary>
    public int PartSize { get; set; } = 5 * 1024 * 1024;

    public bool Enabled => !string.IsNullOrWhiteSpace(Bucket);
}
