using KeneyApp.Platform.Configuration;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace KeneyApp.Platform.Delivery;

public static class DeliverySetup
{
    /// <summary>
    /// E-mail through SMTP or the pickup folder, SMS through Twilio or none. What sends them is the notifications'
    /// sweep (<c>DeliverNotifications</c>), on nodes that do background work.
    /// </summary>
    public static IServiceCollection AddKeneyDelivery(this IServiceCollection services, IConfiguration configuration, DataDirectory data)
    {
        services.AddOptions<EmailOptions>().Bind(configuration.GetSection(EmailOptions.Section))
            .Validate(o => EmailOptions.SecurityModes.Contains(o.Security), $"Smtp:Security must be one of: {string.Join(", ", EmailOptions.SecurityModes)}.")
            .Validate(o => o.Port is > 0 and < 65536, "Smtp:Port (SMTP_PORT) must be a TCP port.")
            .Validate(o => MimeKit.MailboxAddress.TryParse(o.From, out _), "Smtp:From (SMTP_FROM) must be an e-mail address.")
            .Validate(o => !o.MayTravelInClear,
                "Smtp:Security auto or none sends one-time links (and SMTP credentials) in clear to a remote server: use starttls or ssl.")
            .ValidateOnStart();
        var options = configuration.GetSection(EmailOptions.Section).Get<EmailOptions>() ?? new();
        services.AddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<EmailOptions>>().Value);
        services.AddSingleton<IEmailTransport>(sp => options.UsesSmtp
            ? new SmtpTransport(sp.GetRequiredService<EmailOptions>())
            : new PickupFolderTransport(Path.Combine(data.Path, "outbox-mail")));
        services.AddKeneySms(configuration);
        services.AddSingleton<MailOutbox>().AddSingleton<Jobs.OutboxSignal>();
        return services;
    }

    /// <summary>
    /// SMS through Twilio, or none. Checked now, not on first use: a mistyped provider or a missing credential must
    /// stop the host with a clear message, not silently send nothing.
    /// </summary>
    private static void AddKeneySms(this IServiceCollection services, IConfiguration configuration)
    {
        var sms = configuration.GetSection(SmsOptions.Section).Get<SmsOptions>() ?? new();
        if (!SmsOptions.Providers.Contains(sms.Provider))
        {
            throw new OptionsValidationException("SMS_PROVIDER", typeof(SmsOptions),
                [$"SMS_PROVIDER must be one of: {string.Join(", ", SmsOptions.Providers)} (got \"{sms.Provider}\")."]);
        }
        var twilio = configuration.GetSection(TwilioOptions.Section).Get<TwilioOptions>() ?? new();
        services.AddSingleton(twilio).AddSingleton<TwilioSignature>();
        if (!sms.UsesTwilio)
        {
            services.AddSingleton<ISmsSender, NoSmsProvider>();
            return;
        }
        var missing = new[] { ("TWILIO_ACCOUNT_SID", twilio.AccountSid), ("TWILIO_AUTH_TOKEN", twilio.AuthToken), ("TWILIO_FROM_NUMBER", twilio.FromNumber) }
            .Where(s => string.IsNullOrWhiteSpace(s.Item2)).Select(s => s.Item1).ToList();
        if (missing.Count > 0)
        {
            throw new OptionsValidationException("SMS_PROVIDER", typeof(TwilioOptions), [$"SMS_PROVIDER=twilio needs {string.Join(", ", missing)}."]);
        }
        services.AddTransient<TwilioApiBase>();
        services.AddHttpClient(TwilioSmsSender.HttpClientName)
            .AddHttpMessageHandler<TwilioApiBase>()
            .AddResilienceHandler("twilio", builder =>
            {
                // Real time, whatever clock the app runs on: these are waits on the network.
                builder.TimeProvider = TimeProvider.System;
                builder.AddRetry(new HttpRetryStrategyOptions
                {
                    // Only answers that say nothing was sent: a time-out may have sent it, and a retry would send it twice.
                    ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { } answer && ((int)answer.StatusCode == 429 || (int)answer.StatusCode >= 500)),
                    ShouldRetryAfterHeader = true,
                    MaxRetryAttempts = 2,
                    BackoffType = DelayBackoffType.Exponential,
                    Delay = TimeSpan.FromSeconds(1),
                    MaxDelay = TimeSpan.FromSeconds(30),
                });
                builder.AddTimeout(TimeSpan.FromSeconds(twilio.TimeoutSeconds));
            });
        services.AddSingleton<ISmsSender, TwilioSmsSender>();
    }
}
