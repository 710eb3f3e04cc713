using System.Globalization;
using Microsoft.AspNetCore.DataProtection;

namespace KeneyApp.Features.Sharing;

/// <summary>
/// The short-lived bearer token a successful opening hands out for the shared documents: sealed with the app's
/// data-protection keys, it names the clinic, the share and the share's token hash, and expires after
/// <see cref="Lifetime"/>. It opens nothing on its own: each download checks that the share is still alive (so
/// revocation kills it at once) and that the document is within the share's scope.
/// </summary>
public sealed class DocumentAccessTokens(IDataProtectionProvider protection, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);
    // The end of life travels inside the sealed payload and is read on the app's clock (the time-limited protector
    // would read the machine's).
    private readonly IDataProtector _protector = protection.CreateProtector("KeneyApp.Shares.DocumentAccess");

    public (string Token, DateTime ExpiresAt) Issue(RecordShare share)
    {
        var expires = clock.GetUtcNow().UtcDateTime + Lifetime;
        return (_protector.Protect(string.Join('|', share.TenantId, share.Id, share.TokenHash, expires.Ticks)), expires);
    }

    /// <summary>The clinic, share and token hash the token was issued for, or null when it is forged, altered or expired.</summary>
    public (int TenantId, int ShareId, string TokenHash)? Read(string token)
    {
        try
        {
            var parts = _protector.Unprotect(token).Split('|');
            return parts.Length == 4
                && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var tenant) && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var share)
                && long.TryParse(parts[3], CultureInfo.InvariantCulture, out var expires) && expires > clock.GetUtcNow().UtcDateTime.Ticks
                ? (tenant, share, parts[2]) : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
