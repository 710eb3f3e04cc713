using KeneyApp.Platform.Http;
using Twilio.Security;

namespace KeneyApp.Platform.Delivery;

/// <summary>
/// Checks <c>X-Twilio-Signature</c> on Twilio's webhooks with the SDK's validator. Twilio signs the full public URL
/// it called, so the URL is rebuilt from <c>PUBLIC_URL</c>, never from the request's Host (behind a proxy it differs,
/// and a caller chooses it).
/// </summary>
public sealed class TwilioSignature(TwilioOptions options, PublicAddress address)
{
    public const string Header = "X-Twilio-Signature";

    public bool IsValid(HttpRequest request, IFormCollection form)
    {
        var signature = request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(options.AuthToken) || signature.Length == 0)
        {
            return false;
        }
        var url = address.BaseUrl + request.PathBase + request.Path + request.QueryString;
        var parameters = form.ToDictionary(f => f.Key, f => f.Value.ToString());
        return new RequestValidator(options.AuthToken).Validate(url, parameters, signature);
    }
}
