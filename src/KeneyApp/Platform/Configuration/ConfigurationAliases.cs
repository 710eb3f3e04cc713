namespace KeneyApp.Platform.Configuration;

/// <summary>
/// The customer's variable names (seed document) work as written: each is copied onto its configuration key,
/// unless that key is already set explicitly.
/// </summary>
public static class ConfigurationAliases
{
    public static readonly IReadOnlyDictionary<string, string> Map = new Dictionary<string, string>
    {
        ["ENCRYPTION_KEY"] = "Encryption:Key",
        ["JWT_SIGNING_KEY"] = "Jwt:SigningKey",
        ["DOCUMENTS_UPLOAD_DIR"] = "Documents:UploadDir",
        ["MAX_DOCUMENT_SIZE"] = "Documents:MaxSize",
        ["CLAMAV_HOST"] = "ClamAv:Host",
        ["CLAMAV_PORT"] = "ClamAv:Port",
        ["SMTP_HOST"] = "Smtp:Host",
        ["SMTP_PORT"] = "Smtp:Port",
        ["SMTP_USER"] = "Smtp:User",
        ["SMTP_PASSWORD"] = "Smtp:Password",
        ["SMTP_FROM"] = "Smtp:From",
        ["SMS_PROVIDER"] = "Sms:Provider",
        ["TWILIO_ACCOUNT_SID"] = "Twilio:AccountSid",
        ["TWILIO_AUTH_TOKEN"] = "Twilio:AuthToken",
        ["TWILIO_FROM_NUMBER"] = "Twilio:FromNumber",
        ["TWILIO_API_BASE"] = "Twilio:ApiBase",
        ["REDIS_URL"] = "Redis:Url",
        ["S3_BUCKET"] = "S3:Bucket",
        ["S3_ENDPOINT"] = "S3:Endpoint",
        ["S3_REGION"] = "S3:Region",
        ["S3_ACCESS_KEY_ID"] = "S3:AccessKeyId",
        ["S3_SECRET_ACCESS_KEY"] = "S3:SecretAccessKey",
        ["ALLOWED_ORIGINS"] = "Cors:AllowedOrigins",
        ["METRICS_TOKEN"] = "Metrics:Token",
    };

    public static void Apply(ConfigurationManager configuration)
    {
        var copies = Map
            .Where(a => !string.IsNullOrEmpty(configuration[a.Key]) && string.IsNullOrEmpty(configuration[a.Value]))
            .ToDictionary(a => a.Value, a => configuration[a.Key]);
        if (copies.Count > 0)
        {
            configuration.AddInMemoryCollection(copies);
        }
    }

    /// <summary>Reads <c>.env</c> from the working folder into the environment, never overriding real variables.</summary>
    public static void LoadDotEnv()
    {
        var file = Path.Combine(Directory.GetCurrentDirectory(), ".env");
        if (File.Exists(file))
        {
            DotNetEnv.Env.NoClobber().Load(file);
        }
    }
}
