using System.Globalization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace KeneyApp.Platform.Security;

/// <summary>Signs 15-minute access tokens carrying the user id, tenant, role and login session.</summary>
public sealed class TokenIssuer(SymmetricSecurityKey key, IOptions<JwtOptions> options, TimeProvider clock)
{
    private readonly JsonWebTokenHandler _handler = new();

    public int AccessTokenSeconds => options.Value.AccessTokenMinutes * 60;

    public string AccessToken(User user, Guid sessionId)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            [KeneyClaims.UserId] = user.Id.ToString(CultureInfo.InvariantCulture),
            [KeneyClaims.Role] = user.Role,
            [KeneyClaims.SessionId] = sessionId.ToString(),
            [KeneyClaims.TokenId] = Guid.NewGuid().ToString("N"),
        };
        if (user.TenantId is { } tenantId)
        {
            claims[KeneyClaims.TenantId] = tenantId.ToString(CultureInfo.InvariantCulture);
        }
        if (user.PatientId is { } patientId)
        {
            claims[KeneyClaims.PatientId] = patientId.ToString(CultureInfo.InvariantCulture);
        }
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = options.Value.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddSeconds(AccessTokenSeconds),
            Claims = claims,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>
    /// The claims of an access token this issuer just signed, as a principal of another scheme (the web
    /// application's cookie), with the user's display name for the page header.
    /// </summary>
    public static System.Security.Claims.ClaimsPrincipal Principal(string accessToken, string scheme, string displayName)
    {
        string[] kept = [KeneyClaims.UserId, KeneyClaims.Role, KeneyClaims.SessionId, KeneyClaims.TenantId, KeneyClaims.PatientId];
        var claims = new JsonWebToken(accessToken).Claims.Where(c => kept.Contains(c.Type))
            .Select(c => new System.Security.Claims.Claim(c.Type, c.Value))
            .Append(new System.Security.Claims.Claim(KeneyClaims.Name, displayName));
        return new(new System.Security.Claims.ClaimsIdentity(claims, scheme, KeneyClaims.Name, KeneyClaims.Role));
    }

    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = options.Value.Issuer,
        ValidAudience = options.Value.Audience,
        IssuerSigningKey = key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = KeneyClaims.UserId,
        RoleClaimType = KeneyClaims.Role,
        LifetimeValidator = (notBefore, expires, _, p) =>
            expires is { } exp && exp.ToUniversalTime() > clock.GetUtcNow().UtcDateTime - p.ClockSkew,
    };
}

