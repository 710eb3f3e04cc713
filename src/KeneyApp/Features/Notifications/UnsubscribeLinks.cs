using Microsoft.AspNetCore.DataProtection;

namespace KeneyApp.Features.Notifications;

/// <summary>Who an unsubscribe link speaks for, and for which notification type (by e-mail).</summary>
internal sealed record UnsubscribeRequest(int TenantId, int? UserId, int? PatientId, string Type);

/// <summary>
/// The signed (and encrypted) token of the unsubscribe link in every notification e-mail: it names the recipient
/// and the type, works without signing in, and cannot be made for anyone else. It does not expire: an old e-mail's
/// link must still work.
/// </summary>
internal sealed class UnsubscribeLinks(IDataProtectionProvider protection)
{
    public const string PagePath = "/unsubscribe/";
    public const string OneClickPath = "/api/v1/notifications/unsubscribe/";
    private readonly IDataProtector _protector = protection.CreateProtector("KeneyApp.Notifications.Unsubscribe.v1");

    public string Token(Notification n) =>
        _protector.Protect($"{n.TenantId}|{n.RecipientUserId}|{n.RecipientPatientId}|{n.Type}");

    public UnsubscribeRequest? Read(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }
        string text;
        try
        {
            text = _protector.Unprotect(token);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
        var parts = text.Split('|');
        return parts.Length == 4 && int.TryParse(parts[0], out var tenant) && NotificationTypes.Optional.Contains(parts[3])
            ? new UnsubscribeRequest(tenant, int.TryParse(parts[1], out var user) ? user : null, int.TryParse(parts[2], out var patient) ? patient : null, parts[3])
            : null;
    }
}
