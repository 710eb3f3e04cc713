using System.Globalization;
using System.Security.Claims;
using Bunit;
using KeneyApp.Features;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using KeneyApp.Platform.Ui;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace KeneyApp.Tests.Ui;

/// <summary>
/// The chart's tabs and the home page's panels each role gets, from the features' registrations and the real
/// policies; and how a handler's problem reads in each language.
/// </summary>
public sealed class ChartTabsByRoleTests
{
    private static readonly ServiceProvider Services = Build();

    private static ServiceProvider Build()
    {
        var services = new ServiceCollection();
        services.AddKeneyFeatures(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(), KeneyApp.Platform.Configuration.HostRole.Web);
        services.AddLogging();
        services.AddAuthorization();
        services.AddPermissionPolicies();
        return services.BuildServiceProvider();
    }

    private static async Task<IReadOnlyList<string>> VisibleAsync<T>(string role, Func<UiRegistry, IEnumerable<T>> items, Func<T, string> policy, Func<T, string> name)
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(KeneyClaims.Role, role)], "test"));
        var authorization = Services.GetRequiredService<IAuthorizationService>();
        var visible = new List<string>();
        foreach (var item in items(Services.GetRequiredService<UiRegistry>()))
        {
            if ((await authorization.AuthorizeAsync(user, policy(item))).Succeeded)
            {
                visible.Add(name(item));
            }
        }
        return visible;
    }

    [Theory]
    [InlineData(Roles.Doctor, "Chart.Appointments,Chart.Documents,Chart.Messages,Chart.Prescriptions,Chart.Shares,Chart.Vaccinations")]
    [InlineData(Roles.Nurse, "Chart.Appointments,Chart.Documents,Chart.Messages,Chart.Prescriptions,Chart.Vaccinations")]
    [InlineData(Roles.Receptionist, "Chart.Appointments,Chart.Documents,Chart.Messages")]
    [InlineData(Roles.Patient, "Chart.Appointments,Chart.Documents,Chart.Prescriptions,Chart.Shares,Chart.Vaccinations")]
    [InlineData(Roles.SuperAdmin, "")]
    public async Task Each_role_gets_the_chart_tabs_of_what_it_may_read(string role, string expected)
    {
        var tabs = await VisibleAsync(role, r => r.ChartTabs, t => t.Policy, t => t.TitleKey);
        Assert.Equal(expected, string.Join(",", tabs.Order(StringComparer.Ordinal)));
    }

    [Theory]
    [InlineData(Roles.Receptionist, 3)]
    [InlineData(Roles.Patient, 3)]
    [InlineData(Roles.SuperAdmin, 0)]
    public async Task The_home_page_shows_only_panels_the_role_may_read(string role, int panels) =>
        Assert.Equal(panels, (await VisibleAsync(role, r => r.HomePanels, p => p.Policy, p => p.Component.Name)).Count);

    [Fact]
    public async Task A_problem_reads_in_the_pages_language_with_each_fields_message_next_to_it()
    {
        await using var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddLocalization();
        MudBlazor.Services.ServiceCollectionExtensions.AddMudServices(context.Services);
        var problem = Problem.Invalid(new Dictionary<string, string[]> { ["first_name"] = ["Required."], ["odd"] = ["Something new."] });
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("fr-FR");
            var alert = context.Render<ProblemAlert>(p => p.Add(a => a.Problem, problem));
            Assert.Contains("Certains champs sont à corriger.", alert.Markup, StringComparison.Ordinal);
            var field = context.Render<FieldError>(p => p.Add(f => f.Id, "kn-first-name-error").Add(f => f.Text, UiProblems.Field(
                context.Services.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<UiText>>(), problem, "first_name")));
            Assert.Equal("Obligatoire.", field.Find("#kn-first-name-error").TextContent);
            // A message without a translation is shown as the handler wrote it, never hidden.
            Assert.Equal("Something new.", UiProblems.Field(context.Services.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<UiText>>(), problem, "odd"));
            Assert.Null(UiProblems.Field(context.Services.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<UiText>>(), problem, "last_name"));
            Assert.Empty(context.Render<FieldError>(p => p.Add(f => f.Id, "x")).Markup.Trim());

            CultureInfo.CurrentUICulture = new CultureInfo("en-GB");
            var conflict = context.Render<ProblemAlert>(p => p.Add(a => a.Problem, Problem.Conflict("taken")));
            Assert.Contains("This conflicts with existing data.", conflict.Markup, StringComparison.Ordinal);
            var own = context.Render<ProblemAlert>(p => p.Add(a => a.Problem, Problem.Conflict("taken")).Add(a => a.Message, "Slot taken."));
            Assert.Contains("Slot taken.", own.Markup, StringComparison.Ordinal);
            Assert.DoesNotContain("conflicts", own.Markup, StringComparison.Ordinal);
            Assert.Empty(context.Render<ProblemAlert>().Markup.Trim());
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
