using Microsoft.Extensions.Options;

namespace KeneyApp.Platform.Storage;

public static class BlobStoreSetup
{
    /// <summary>The blob store: the S3 bucket when <c>S3:Bucket</c> is set, otherwise the local folder <paramref name="localFolder"/> gives.</summary>
    public static IServiceCollection AddBlobStore(this IServiceCollection services, Func<IServiceProvider, string> localFolder)
    {
        services.AddOptions<S3Options>().BindConfiguration(S3Options.Section)
            .Validate(o => !o.Enabled || o.PartSize is >= 5 * 1024 * 1024 and <= 64 * 1024 * 1024,
                "S3:PartSize must be from 5 MiB (5242880 bytes, S3's smallest part) to 64 MiB (one part is held in memory per upload).")
            .Validate(o => !o.Enabled || string.IsNullOrEmpty(o.Endpoint) || Uri.TryCreate(o.Endpoint, UriKind.Absolute, out _),
                "S3:Endpoint (S3_ENDPOINT) must be an absolute URL, such as https://s3.example.net.")
            .Validate(o => string.IsNullOrEmpty(o.AccessKeyId) == string.IsNullOrEmpty(o.SecretAccessKey),
                "S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: set both or neither.")
            .ValidateOnStart();
        return services.AddSingleton<IBlobStore>(sp => sp.GetRequiredService<IOptions<S3Options>>().Value is { Enabled: true } s3
            ? new S3BlobStore(S3BlobStore.Client(s3), s3, sp.GetRequiredService<ILogger<S3BlobStore>>())
            : new LocalBlobStore(localFolder(sp)));
    }
}
