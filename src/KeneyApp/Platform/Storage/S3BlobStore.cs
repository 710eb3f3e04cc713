using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace KeneyApp.Platform.Storage;

/// <summary>
/// Objects in an S3-compatible bucket, addressed path-style. A write is one PUT when it fits in one part, otherwise
/// a multipart upload whose object exists only once it is completed: an abandoned write is aborted, and nothing
/// appears under the key. Reads are ranged GETs from wherever the reader seeks (a download's range reads only
/// what it needs). Requests are signed without <c>aws-chunked</c> framing and checksums are sent only when S3
/// requires them: some S3-compatible servers store aws-chunked bodies as they are, framing included.
/// </summary>
public sealed class S3BlobStore(IAmazonS3 s3, S3Options options, ILogger<S3BlobStore> logger) : IBlobStore, IDisposable
{
    public static IAmazonS3 Client(S3Options options)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = true,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            AuthenticationRegion = options.Region,
        };
        if (options.Endpoint is { Length: > 0 } endpoint)
        {
            config.ServiceURL = endpoint;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
        }
        return options.AccessKeyId is { Length: > 0 } id
            ? new AmazonS3Client(new BasicAWSCredentials(id, options.SecretAccessKey), config)
            : new AmazonS3Client(config);
    }

    public Task<IBlobWrite> BeginWriteAsync(string key, CancellationToken ct) =>
        Task.FromResult<IBlobWrite>(new S3Write(s3, options.Bucket!, Checked(key), options.PartSize, logger));

    public async Task<BlobRead?> OpenReadAsync(string key, CancellationToken ct)
    {
        try
        {
            var metadata = await s3.GetObjectMetadataAsync(options.Bucket, Checked(key), ct);
            var length = metadata.ContentLength;
            return new BlobRead(new S3ReadStream(s3, options.Bucket!, key, length), length);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task DeleteAsync(string key, CancellationToken ct) =>
        await s3.DeleteObjectAsync(options.Bucket, Checked(key), ct);

    /// <summary>
    /// Every object. Parts of a multipart upload cut short by a killed process are no object: a bucket lifecycle
    /// rule (AbortIncompleteMultipartUpload) removes them, as the README says.
    /// </summary>
    public async IAsyncEnumerable<(string Key, DateTimeOffset LastWritten)> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var request = new ListObjectsV2Request { BucketName = options.Bucket };
        do
        {
            var page = await s3.ListObjectsV2Async(request, ct);
            foreach (var item in page.S3Objects ?? [])
            {
                if (BlobKeys.IsValid(item.Key))
                {
                    yield return (item.Key, item.LastModified is { } modified ? new DateTimeOffset(modified.ToUniversalTime()) : DateTimeOffset.MinValue);
                }
            }
            request.ContinuationToken = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (request.ContinuationToken is not null);
    }

    public void Dispose() => s3.Dispose();

    private static string Checked(string key) => BlobKeys.IsValid(key) ? key : throw new ArgumentException("Not a storage key.", nameof(key));
}
