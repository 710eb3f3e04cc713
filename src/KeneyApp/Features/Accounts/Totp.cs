using KeneyApp.Platform.Crypto;
using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;
using OtpNet;

namespace KeneyApp.Features.Accounts;

/// <summary>
/// RFC 6238 codes (30 s, 6 digits, ±1 step). The last accepted step is remembered on the user, so a code
/// (or an older one) is never accepted twice.
/// </summary>
public sealed class TotpCodes(FieldEncryptor encryptor, TimeProvider clock)
{
    public const string SecretPurpose = "user.mfa_secret";

    public (string Base32Secret, string StoredSecret) NewSecret(User user)
    {
        var secret = Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));
        return (secret, encryptor.Encrypt(user.TenantId, SecretPurpose, secret));
    }

    public static string OtpAuthUri(string base32Secret, string account) =>
        $"otpauth://totp/KeneyApp:{Uri.EscapeDataString(account)}?secret={base32Secret}&issuer=KeneyApp&digits=6&period=30";

    /// <summary>
    /// Checks <paramref name="code"/> and claims its time step with a conditional update, so of two concurrent
    /// uses of one code only one succeeds.
    /// </summary>
    public async Task<bool> AcceptAsync(AppDbContext db, User user, string storedSecret, string? code, CancellationToken ct)
    {
        if (Match(user, storedSecret, code) is not { } step)
        {
            return false;
        }
        var claimed = await db.Users.IgnoreQueryFilters()
            .Where(u => u.Id == user.Id && (u.MfaLastUsedStep == null || u.MfaLastUsedStep < step))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.MfaLastUsedStep, step), ct);
        user.MfaLastUsedStep = step;
        return claimed == 1;
    }

    private long? Match(User user, string storedSecret, string? code)
    {
        if (code is null || code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            return null;
        }
        var secret = encryptor.Decrypt(user.TenantId, SecretPurpose, storedSecret);
        var totp = new Totp(Base32Encoding.ToBytes(secret));
        var ok = totp.VerifyTotp(clock.GetUtcNow().UtcDateTime, code, out var step, new VerificationWindow(previous: 1, future: 1));
        return ok && step > (user.MfaLastUsedStep ?? -1) ? step : null;
    }
}
