using KeneyApp.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace KeneyApp.IntegrationTests.Browser;

/// <summary>
/// Record sharing in a real browser: Jean Dupont shares his appointments from the portal with a PIN; the link opens
/// in a fresh browser with the PIN and shows only that part of his record; five wrong PINs on another share show the
/// locked page; Jean sees the opening in his portal, revokes the share, and the link then shows "not available".
/// </summary>
public sealed class SharingBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static async Task<(string Link, string Pin)> ShareAsync(IPage jean, string scope, string recipient)
    {
        await jean.SelectOptionAsync("#kn-share-scope", scope);
        await jean.FillAsync("#kn-share-recipient", recipient);
        await jean.FillAsync("#kn-share-purpose", "Avis spécialisé");
        await jean.CheckAsync("#kn-share-consent");
        await jean.ClickAsync("[data-testid=share-create]");
        await jean.WaitForSelectorAsync("[data-testid=share-created]");
        return (await jean.InputValueAsync("[data-testid=share-link]"), await jean.InputValueAsync("[data-testid=share-pin]"));
    }

    [Fact]
    public async Task Jean_shares_his_appointments_the_link_opens_with_the_pin_wrong_pins_lock_and_revocation_ends_it()
    {
        await using var chromium = await Chromium.LaunchAsync();
        var jean = await chromium.SignedInPageAsync(app.BaseUrl, DemoUsers.JeanDupont, KeneyAppFactory.DemoPassword);
        await jean.ClickAsync("nav >> text=Partages");
        await jean.WaitForSelectorAsync("#kn-share-scope");

        // Consent is required: without it, the field says so and nothing is created.
        await jean.SelectOptionAsync("#kn-share-scope", "appointments_only");
        await jean.ClickAsync("[data-testid=share-create]");
        await jean.WaitForSelectorAsync("#kn-share-consent-error");
        await jean.WaitForSelectorAsync("[data-testid=no-shares]");

        var (link, pin) = await ShareAsync(jean, "appointments_only", "Dr Externe");
        Assert.Contains("/share#", link, StringComparison.Ordinal);
        Assert.Matches("^[0-9]{6}$", pin);
        Assert.Empty(await Chromium.AccessibilityViolationsAsync(jean));
        await Chromium.ScreenshotAsync(jean, "portal-share-created");
        await jean.ClickAsync("[data-testid=share-done]");
        // Shown once: closing the result removes the PIN from the page (after the circuit's round trip).
        await jean.Locator("[data-testid=share-pin]").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        Assert.DoesNotContain(pin, await jean.InnerTextAsync("main"), StringComparison.Ordinal);

        // The link opens in a fresh browser with the PIN, and shows the appointments only.
        var outsider = await chromium.NewPageAsync();
        await outsider.GotoAsync(link);
        await outsider.WaitForSelectorAsync("[data-testid=share-pin-input]");
        Assert.DoesNotContain("#", outsider.Url, StringComparison.Ordinal); // the token left the address bar
        await outsider.FillAsync("[data-testid=share-pin-input]", pin);
        await outsider.ClickAsync("[data-testid=share-open]");
        await outsider.WaitForSelectorAsync("[data-testid=shared-record]");
        await outsider.WaitForSelectorAsync("[data-testid=shared-appointments]");
        Assert.Equal(0, await outsider.Locator("[data-testid=shared-prescriptions], [data-testid=shared-documents], [data-testid=shared-vaccinations]").CountAsync());
        Assert.DoesNotContain("Dupont", await outsider.TitleAsync(), StringComparison.Ordinal);
        Assert.Empty(await Chromium.AccessibilityViolationsAsync(outsider));
        await Chromium.ScreenshotAsync(outsider, "shared-record");

        // Another share: five wrong PINs, each counted, lock it.
        await jean.GotoAsync($"{app.BaseUrl}/shares");
        var (lockedLink, lockedPin) = await ShareAsync(jean, "full_record", "Clinique du Lac");
        await jean.ClickAsync("[data-testid=share-done]");
        var guesser = await chromium.NewPageAsync();
        await guesser.GotoAsync(lockedLink);
        var wrong = lockedPin == "000000" ? "111111" : "000000";
        for (var left = 4; left >= 1; left--)
        {
            await guesser.FillAsync("[data-testid=share-pin-input]", wrong);
            await guesser.ClickAsync("[data-testid=share-open]");
            await guesser.WaitForSelectorAsync($"[data-testid=share-error] >> text=Essais restants : {left}");
        }
        await guesser.FillAsync("[data-testid=share-pin-input]", wrong);
        await guesser.ClickAsync("[data-testid=share-open]");
        await guesser.WaitForSelectorAsync("[data-testid=share-locked]");
        await Chromium.ScreenshotAsync(guesser, "shared-record-locked");

        // Jean sees the opening of his first share, and revokes it.
        await jean.ReloadAsync();
        var opened = jean.Locator("tr", new() { Has = jean.Locator("[data-testid=share-status]", new() { HasTextString = "Actif" }) });
        await opened.Locator("[data-testid=share-openings] >> text=1").WaitForAsync();
        await opened.Locator("[data-testid=share-details]").ClickAsync();
        await jean.WaitForSelectorAsync("[data-testid=share-openings-list] >> text=Ouvert le");
        Assert.Equal(1, await jean.Locator("[data-testid=share-status] >> text=Verrouillé").CountAsync());
        await Chromium.ScreenshotAsync(jean, "portal-shares");
        await opened.Locator("[data-testid=share-revoke]").ClickAsync();
        await jean.WaitForSelectorAsync("[data-testid=share-status] >> text=Révoqué");

        // The link now shows "not available".
        var late = await chromium.NewPageAsync();
        await late.GotoAsync(link);
        await late.FillAsync("[data-testid=share-pin-input]", pin);
        await late.ClickAsync("[data-testid=share-open]");
        await late.WaitForSelectorAsync("[data-testid=share-unavailable]");
        Assert.True(chromium.Problems.Count == 0, string.Join("\n", chromium.Problems));
    }
}
