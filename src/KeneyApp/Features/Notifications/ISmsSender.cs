namespace KeneyApp.Features.Notifications;

/// <summary>Hands one SMS to the provider; answers the provider's id for the message.</summary>
internal interface ISmsSender
{
    /// <summary>False when no provider is configured: SMS are then recorded as skipped.</summary>
    bool Enabled { get; }

    Task<string> SendAsync(string to, string body, CancellationToken ct);
}

/// <summary>The provider refused for now (429, 5xx); <see cref="RetryAfter"/> when it said how long to wait.</summary>
internal sealed class SmsProviderBusyException(string code, TimeSpan? retryAfter) : Exception(code)
{
    public string Code { get; } = code;
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary><c>SMS_PROVIDER=none</c>.</summary>
internal sealed class NoSmsProvider : ISmsSender
{
    public bool Enabled => false;

    public Task<string> SendAsync(string to, string body, CancellationToken ct) =>
        throw new InvalidOperationException("No SMS provider is configured.");
}
