using KeneyApp.Platform.Configuration;

namespace KeneyApp.Platform.Delivery;

public static class DeliverySetup
{
    /// <summary>
    /// E-mail through SMTP or the pickup folder. The dispatcher runs on nodes that do background work (not
    /// <c>--role web</c>), unless <c>Delivery:Enabled</c> is false; the rows wait in the database meanwhile.
    /// </summary>
    public static IServiceCollection AddKeneyDelivery(this IServiceCollection services, IConfiguration configuration, DataDirectory data,
        HostRole role)
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
        services.AddSingleton<MailDispatcher>().AddSingleton<MailOutbox>().AddSingleton<Jobs.OutboxSignal>();
        if (role != HostRole.Web && configuration.GetValue("Delivery:Enabled", true))
        {
            services.AddHostedService(sp => sp.GetRequiredService<MailDispatcher>());
        }
        return services;
    }
}
