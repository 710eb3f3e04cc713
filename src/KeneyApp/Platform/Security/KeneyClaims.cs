namespace KeneyApp.Platform.Security;

/// <summary>Claim names in our access tokens (JWT registered names where one exists).</summary>
public static class KeneyClaims
{
    public const string UserId = "sub";
    public const string TenantId = "tenant_id";
    public const string Role = "role";
    public const string PatientId = "patient_id";
    /// <summary>The refresh-token family (login session) this access token was issued for.</summary>
    public const string SessionId = "sid";
    public const string TokenId = "jti";
    /// <summary>The display name, in the web application's cookie only (never in an access token).</summary>
    public const string Name = "name";
}
