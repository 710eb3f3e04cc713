using KeneyApp.Platform.Http;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Http;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace KeneyApp.Platform.Delivery;

/// <summary>
/// SMS through Twilio's REST API with its SDK, over an <see cref="System.Net.Http.HttpClient"/> from the factory
/// (named <see cref="HttpClientName"/>: time-out, retries of 429 and 5xx answers honouring Retry-After, and the base
/// address of <c>TWILIO_API_BASE</c> when set). Each message asks Twilio for delivery receipts at the public address.
/// </summary>
public sealed class TwilioSmsSender(IHttpClientFactory http, TwilioOptions options, PublicAddress address) : ISmsSender
{
    public const string HttpClientName = "twilio";
    public const string StatusPath = "/api/v1/notifications/twilio/status";

    public bool Enabled => true;

    public async Task<string> SendAsync(string phoneNumber, string body, CancellationToken ct)
    {
        var client = new TwilioRestClient(options.AccountSid, options.AuthToken, options.AccountSid,
            httpClient: new SystemNetHttpClient(http.CreateClient(HttpClientName)));
        var message = new CreateMessageOptions(new PhoneNumber(phoneNumber))
        {
            From = new PhoneNumber(options.FromNumber),
            Body = body,
            StatusCallback = new Uri(address.BaseUrl + StatusPath),
        };
        try
        {
            return (await MessageResource.CreateAsync(message, client)).Sid;
        }
        catch (ApiException e)
        {
            // 429 and 5xx were already retried by the HTTP client; the row's own backoff tries again later.
            var busy = e.Status is 429 or >= 500;
            throw new SmsNotSentException(busy ? $"twilio_http_{e.Status}" : $"twilio_{e.Code}", permanent: !busy, e);
        }
    }
}

/// <summary>Sends the SDK's requests to <c>TWILIO_API_BASE</c> (scheme, host and port) instead of api.twilio.com.</summary>
public sealed class TwilioApiBase(TwilioOptions options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (options.ApiBase is { Length: > 0 } apiBase && request.RequestUri is { } uri)
        {
            var target = new Uri(apiBase);
            request.RequestUri = new UriBuilder(uri) { Scheme = target.Scheme, Host = target.Host, Port = target.Port }.Uri;
        }
        return base.SendAsync(request, cancellationToken);
    }
}
