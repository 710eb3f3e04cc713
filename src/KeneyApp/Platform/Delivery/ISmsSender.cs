namespace KeneyApp.Platform.Delivery;

/// <summary>Hands one SMS to the provider; answers the provider's id for the message (to match its delivery receipts).</summary>
public interface ISmsSender
{
    /// <summary>False when no provider is configured: SMS are then recorded as skipped.</summary>
    bool Enabled { get; }

    Task<string> SendAsync(string phoneNumber, string body, CancellationToken ct);
}

/// <summary>
/// The provider did not take the message. <see cref="Code"/> is for the delivery log (a status or the provider's
/// error number, never its text); <see cref="Permanent"/> when trying again cannot help (an invalid number).
/// </summary>
public sealed class SmsNotSentException(string code, bool permanent, Exception? inner = null) : Exception(code, inner)
{
    public string Code { get; } = code;
    public bool Permanent { get; } = permanent;
}

/// <summary><c>SMS_PROVIDER=none</c>.</summary>
public sealed class NoSmsProvider : ISmsSender
{
    public bool Enabled => false;

    public Task<string> SendAsync(string phoneNumber, string body, CancellationToken ct) =>
        throw new InvalidOperationException("No SMS provider is configured.");
}
