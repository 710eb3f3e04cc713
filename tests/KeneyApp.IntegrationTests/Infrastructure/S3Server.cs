using Amazon.S3;
using Amazon.S3.Model;
using KeneyApp.Platform.Storage;

namespace KeneyApp.IntegrationTests.Infrastructure;

/// <summary>
/// A real S3-compatible server for the test run: s3rver (npm, installed by test.sh into tools/). test.sh starts one
/// for the whole run and names it in <c>KENEYAPP_TEST_S3</c> (its URL); without it one is started here, under a
/// shell that ends it when this process ends. Each fixture gets a bucket of its own.
/// </summary>
public sealed class S3Server
{
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private static readonly Lazy<S3Server> Instance = new(Start);

    private S3Server(string endpoint) => Endpoint = endpoint;

    public static S3Server Shared => Instance.Value;

    public string Endpoint { get; }

    /// <summary>The settings that point the app at a new, empty bucket of this server.</summary>
    public async Task<Dictionary<string, string?>> NewBucketAsync()
    {
        var bucket = $"keneyapp-{Guid.NewGuid():N}"[..40];
        using var s3 = Client();
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        return new()
        {
            ["S3_BUCKET"] = bucket,
            ["S3_ENDPOINT"] = Endpoint,
            ["S3_REGION"] = "eu-west-3",
            ["S3_ACCESS_KEY_ID"] = AccessKey,
            ["S3_SECRET_ACCESS_KEY"] = SecretKey,
        };
    }

    /// <summary>A client as the app makes it, for tests that look into the bucket directly.</summary>
    public IAmazonS3 Client() => S3BlobStore.Client(new S3Options
    {
        Endpoint = Endpoint,
        Region = "eu-west-3",
        AccessKeyId = AccessKey,
        SecretAccessKey = SecretKey,
    });

    private static S3Server Start()
    {
        if (Environment.GetEnvironmentVariable("KENEYAPP_TEST_S3") is { Length: > 0 } given)
        {
            return new S3Server(given);
        }
        var port = NodePeer.FreeTcpPort();
        var folder = Directory.CreateTempSubdirectory("keneyapp-s3rver-").FullName;
        NodePeer.Start("s3rver", $"-d \"{folder}\" -a 127.0.0.1 -p {port} --no-vhost-buckets --silent", () => NodePeer.Listening(port),
            cleanUp: $"rm -rf \"{folder}\"");
        return new S3Server($"http://127.0.0.1:{port}");
    }
}
