using System.Text.RegularExpressions;
using KeneyApp.IntegrationTests.Infrastructure;

namespace KeneyApp.IntegrationTests.Browser;

/// <summary>
/// The portal invitation e-mail's link, opened in a browser: the token leaves the address bar at once, a wrong date of
/// birth is refused in plain words, and the right one with a new password opens the portal.
/// </summary>
public sealed partial class ActivationBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task The_link_of_an_invitation_e_mail_activates_a_new_portal_account()
    {
        var email = $"p{Guid.NewGuid():N}@patients.example";
        var patient = await Clinic.NewPatientAsync(app, email: email);
        var id = patient.GetProperty("id").GetInt32();
        using (var reception = await app.ClientFor(DemoUsers.Reception))
        {
            await (await reception.PostAsync($"/api/v1/patients/{id}/portal-account", null)).AssertOk(System.Net.HttpStatusCode.Accepted);
        }
        var mail = (await Mailbox.PickedUpForAsync(app, email)).Single();
        var link = new Uri(Link().Match(mail.TextBody ?? "").Value);
        Assert.StartsWith("#token=", link.Fragment, StringComparison.Ordinal);

        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync();
        var requested = new List<string>();
        page.Request += (_, request) => requested.Add(request.Url);
        await page.GotoAsync(app.BaseUrl + link.PathAndQuery + link.Fragment);
        await page.WaitForFunctionAsync("() => document.getElementById('kn-activation-token').value.length > 0");
        // Out of the address bar (and so of the history) at once; never sent to the server in a URL.
        Assert.Equal(app.BaseUrl + "/activate", page.Url);
        Assert.DoesNotContain(requested, url => url.Contains("token", StringComparison.OrdinalIgnoreCase));
        await Chromium.ScreenshotAsync(page, "activate.fr");

        await page.FillAsync("#kn-birth", "1991-02-02");
        await page.FillAsync("#kn-new-password", "un mot de passe solide");
        await page.FillAsync("#kn-confirm-password", "un mot de passe solide");
        await page.ClickAsync("main button[type=submit]");
        await page.WaitForSelectorAsync("[data-testid=kn-birth-error] >> text=Ce n'est pas la date de naissance de votre dossier.");
        Assert.Equal("", await page.InputValueAsync("#kn-new-password"));

        await page.FillAsync("#kn-birth", "1990-01-01");
        await page.FillAsync("#kn-new-password", "un mot de passe solide");
        await page.FillAsync("#kn-confirm-password", "un mot de passe solide");
        await page.ClickAsync("main button[type=submit]");
        await page.WaitForSelectorAsync("[data-testid=activated]");

        await page.GotoAsync(app.BaseUrl + "/sign-in");
        await Chromium.SignInAsync(page, email, "un mot de passe solide");
        await page.ClickAsync("nav >> text=Mon dossier");
        await page.WaitForSelectorAsync("[data-testid=chart-summary]");
        Assert.EndsWith($"/patients/{id}", page.Url, StringComparison.Ordinal);
        Assert.True(chromium.Problems.Count == 0, string.Join("\n", chromium.Problems));
    }

    [GeneratedRegex(@"https?://\S+/activate#token=[A-Za-z0-9_\-]+")]
    private static partial Regex Link();
}
