using KeneyApp.IntegrationTests.Features.Accounts;
using KeneyApp.IntegrationTests.Infrastructure;
using KeneyApp.Platform.Observability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KeneyApp.IntegrationTests.Platform;

public sealed partial class LoggingTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public void Parameters_classified_as_patient_data_or_secrets_are_erased_from_logs()
    {
        var logger = app.Factory.Services.GetRequiredService<ILoggerFactory>().CreateLogger("KeneyApp.RedactionProbe");
        LogPatientEvent(logger, 42, "Jean Dupont", "pin-834211");
        var line = app.Factory.Logs.Lines.Single(l => l.StartsWith("KeneyApp.RedactionProbe|", StringComparison.Ordinal));
        Assert.Contains("42", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Dupont", line, StringComparison.Ordinal);
        Assert.DoesNotContain("834211", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logins_and_failures_log_no_e_mail_password_or_token()
    {
        var tokens = await app.LoginAsync(DemoUsers.JeanDupont, KeneyAppFactory.DemoPassword);
        using var anonymous = app.Anonymous();
        await anonymous.PostAsync("/api/v1/auth/login", AuthenticationTests.Form(DemoUsers.ClaireMoreau, "Secret-wrong-pass-1"));
        await anonymous.PostAsync("/api/v1/auth/login", AuthenticationTests.Form("unknown.person@nowhere.test", "Secret-wrong-pass-2"));
        var all = string.Join("\n", app.Factory.Logs.Lines);
        foreach (var secret in new[] { "jean.dupont", "claire.moreau", "unknown.person", "Secret-wrong-pass", tokens.AccessToken, tokens.RefreshToken, KeneyAppFactory.DemoPassword })
        {
            Assert.DoesNotContain(secret, all, StringComparison.OrdinalIgnoreCase);
        }
    }

    [LoggerMessage(LogLevel.Information, "Patient {PatientId} event for {PatientName} with {Pin}")]
    private static partial void LogPatientEvent(ILogger logger, int patientId, [Phi] string patientName, [Secret] string pin);
}
