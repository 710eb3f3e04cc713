using KeneyApp.Platform.Data;

namespace KeneyApp.IntegrationTests.Infrastructure;

/// <summary>The app sending its e-mail to the test run's real SMTP server (<see cref="MailDev"/>), set as an operator would.</summary>
public abstract class AppWithSmtp : AppFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => SmtpSettings;

    /// <summary>A fresh copy of the SMTP settings, for fixtures that add their own.</summary>
    internal static Dictionary<string, string?> SmtpSettings => new()
    {
        ["SMTP_HOST"] = "127.0.0.1",
        ["SMTP_PORT"] = MailDev.Shared.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["SMTP_FROM"] = "Clinique Démo <no-reply@demo.keneyapp.test>",
        // maildev speaks no TLS; a server on this machine may be reached in clear.
        ["Smtp:Security"] = "none",
        ["PUBLIC_URL"] = "https://portal.demo.keneyapp.test",
    };
}

public sealed class SqliteAppWithSmtp : AppWithSmtp
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresAppWithSmtp : AppWithSmtp
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>
/// As <see cref="AppWithSmtp"/>, without the background notification sweep: each test runs its delivery passes
/// itself, so a row's state between two steps is the test's to decide (with the clock it moves).
/// </summary>
public abstract class AppWithSmtpAndManualDelivery : AppFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings
    {
        get
        {
            var settings = AppWithSmtp.SmtpSettings;
            settings["Notifications:Deliver"] = "false";
            return settings;
        }
    }
}

public sealed class SqliteAppWithSmtpAndManualDelivery : AppWithSmtpAndManualDelivery
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresAppWithSmtpAndManualDelivery : AppWithSmtpAndManualDelivery
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
