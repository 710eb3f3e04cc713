namespace KeneyApp.Platform.Security;

/// <summary>Section <c>Jwt</c>; <c>JWT_SIGNING_KEY</c> is an alias of <see cref="SigningKey"/>.</summary>
public sealed class JwtOptions
{
    public const string Section = "Jwt";
    public const int MinimumKeyBytes = 32;

    public string? SigningKey { get; set; }
    public string Issuer { get; set; } = "keneyapp";
    public string Audience { get; set; } = "keneyapp-api";
    public int AccessTokenMinutes { get; set; } = 15;
    public int RefreshTokenDays { get; set; } = 14;
    /// <summary>Longest a login session lasts, however often it is refreshed.</summary>
    public int SessionMaxDays { get; set; } = 30;
}
