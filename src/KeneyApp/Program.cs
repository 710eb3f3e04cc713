using KeneyApp;
using KeneyApp.Demo;
using KeneyApp.Features;
using KeneyApp.Platform;
using KeneyApp.Platform.Configuration;
using KeneyApp.Platform.Ui;

var arguments = HostArguments.Parse(args);
ConfigurationAliases.LoadDotEnv();

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = arguments.HostArgs,
    // The demo is for trying the product on one machine: Development unless an environment is set explicitly.
    EnvironmentName = arguments.Demo && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT"))
        ? Environments.Development : null,
});
// Demo mode may also come from configuration (Demo=true), which is how the integration tests ask for it.
arguments = arguments with { Demo = arguments.Demo || builder.Configuration.GetValue("Demo", false) };
try
{
    builder.AddKeneyPlatform(arguments);
    builder.Services.AddKeneyFeatures(builder.Configuration, arguments.Role);
}
catch (Microsoft.Extensions.Options.OptionsValidationException e)
{
    // A configuration mistake is the operator's to fix: say what, without a stack trace.
    Console.Error.WriteLine($"KeneyApp cannot start ({builder.Environment.EnvironmentName}): {string.Join(" ", e.Failures)}");
    return 1;
}
builder.Services.AddScoped<IDemoData, DemoSeeder>();

await using var app = builder.Build();
if (arguments.Command is not null)
{
    // Disposing the app on the way out writes the log events still queued (BatchedStdoutSink).
    return await AdminCommands.RunAsync(app, arguments);
}
app.UseKeneyPlatform();
if (arguments.Role != HostRole.Worker)
{
    app.MapKeneyFeatures();
    app.MapKeneyUi();
}
try
{
    await app.RunAsync();
}
catch (KeneyApp.Platform.StartupCheckFailedException e)
{
    Console.Error.WriteLine($"KeneyApp cannot start: {e.Message}");
    return 1;
}
return 0;

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
