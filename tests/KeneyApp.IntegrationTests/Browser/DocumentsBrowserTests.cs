using KeneyApp.IntegrationTests.Features.Documents;
using KeneyApp.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace KeneyApp.IntegrationTests.Browser;

/// <summary>
/// The chart's documents in a real browser: a file dropped on the page, the upload handler's refusals said plainly
/// (a file already in the record, with a link to it; a file that is not what its name says), then editing and
/// archiving a document.
/// </summary>
public sealed class DocumentsBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private async Task<IPage> DocumentsTabAsync(Chromium chromium, int patient)
    {
        var page = await chromium.SignedInPageAsync(app.BaseUrl, DemoUsers.DrMartin, KeneyAppFactory.DemoPassword);
        await page.GotoAsync($"{app.BaseUrl}/patients/{patient}");
        await page.ClickAsync("role=tab[name='Documents']");
        await page.WaitForSelectorAsync("[data-testid=drop-zone]");
        return page;
    }

    /// <summary>Drops a file on the zone as a user dragging it from the desktop would (a drop event carrying it).</summary>
    private static async Task DropAsync(IPage page, string name, string mime, byte[] content)
    {
        var transfer = await page.EvaluateHandleAsync(
            "([name, mime, bytes]) => { const t = new DataTransfer(); t.items.add(new File([new Uint8Array(bytes)], name, { type: mime })); return t; }",
            new object[] { name, mime, content.Select(b => (int)b).ToArray() });
        await page.DispatchEventAsync("[data-testid=drop-zone]", "drop", new { dataTransfer = transfer });
        await page.WaitForSelectorAsync($"[data-testid=chosen-file] >> text={name}");
    }

    [Fact]
    public async Task A_dropped_file_is_added_then_the_same_file_again_is_refused_with_a_link_to_the_first()
    {
        var patient = (await Clinic.NewPatientAsync(app)).GetProperty("id").GetInt32();
        await using var chromium = await Chromium.LaunchAsync();
        var page = await DocumentsTabAsync(chromium, patient);
        await page.WaitForSelectorAsync("[data-testid=no-documents]");
        var pdf = TestFiles.Pdf("ordonnance " + Guid.NewGuid());

        await DropAsync(page, "ordonnance.pdf", "application/pdf", pdf);
        await page.SelectOptionAsync("#kn-doc-type", "Prescription");
        await page.ClickAsync("[data-testid=upload]");
        await page.WaitForSelectorAsync("[data-testid=uploaded]");
        await page.WaitForSelectorAsync("[data-testid=documents] >> text=ordonnance.pdf");
        var first = await page.GetAttributeAsync("[data-testid=open-uploaded]", "href");

        await DropAsync(page, "copie.pdf", "application/pdf", pdf);
        await page.ClickAsync("[data-testid=upload]");
        await page.WaitForSelectorAsync("[data-testid=problem] >> text=Ce fichier est déjà dans le dossier du patient.");
        Assert.Equal(first, await page.GetAttributeAsync("[data-testid=duplicate-link]", "href"));
        await Chromium.ScreenshotAsync(page, "documents-duplicate.fr");

        // Text that claims to be a PDF: refused, and nothing added.
        await DropAsync(page, "faux.pdf", "application/pdf", "pas un PDF du tout"u8.ToArray());
        await page.ClickAsync("[data-testid=upload]");
        await page.WaitForSelectorAsync("[data-testid=problem] >> text=Format non accepté");
        Assert.Equal(1, await page.Locator("[data-testid=documents] tbody tr").CountAsync());
        // The browser reports the refused answers (409, 415) as failed loads: they are the point of this test.
        chromium.Problems.RemoveAll(p => p.Contains("/ui/documents/upload", StringComparison.Ordinal)
            || p.Contains("status of 409 (Conflict)", StringComparison.Ordinal) || p.Contains("status of 415 (Unsupported Media Type)", StringComparison.Ordinal));
        Assert.True(chromium.Problems.Count == 0, string.Join("\n", chromium.Problems));
    }

    [Fact]
    public async Task A_doctor_edits_a_documents_description_and_tags_then_archives_it()
    {
        var patient = (await Clinic.NewPatientAsync(app)).GetProperty("id").GetInt32();
        await using var chromium = await Chromium.LaunchAsync();
        var page = await DocumentsTabAsync(chromium, patient);
        await page.SetInputFilesAsync("#kn-file", new FilePayload { Name = "bilan.png", MimeType = "image/png", Buffer = TestFiles.Png(Random.Shared.Next()) });
        await page.ClickAsync("[data-testid=upload]");
        await page.ClickAsync("[data-testid=open-uploaded]");
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=image-viewer]')?.naturalWidth > 0");

        await page.FillAsync("#kn-doc-description", "Bilan de contrôle");
        await page.FillAsync("#kn-doc-tags", "suivi, 2026");
        await page.ClickAsync("[data-testid=save-document]");
        await page.WaitForSelectorAsync("[data-testid=saved]");
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("#kn-doc-tags");
        Assert.Equal("Bilan de contrôle", await page.InputValueAsync("#kn-doc-description"));
        Assert.Equal("suivi, 2026", await page.InputValueAsync("#kn-doc-tags"));

        // A click that lands while the reloaded page is still connecting its live session is lost (a user clicks
        // again). Under load the first click may also archive late: then the button is gone and the page says "not
        // found", and the chart is reached by its link instead of a second click.
        var chart = $"{app.BaseUrl}/patients/{patient}";
        for (var attempt = 0; attempt < 3 && page.Url != chart; attempt++)
        {
            var archive = page.Locator("[data-testid=archive-document]");
            if (await archive.CountAsync() == 0)
            {
                await page.GotoAsync(chart);
                break;
            }
            try
            {
                await archive.ClickAsync(new() { Timeout = 5_000 });
                await page.WaitForURLAsync(chart, new() { Timeout = 10_000 });
            }
            catch (TimeoutException)
            {
                // Clicked too early, or archived late: look again.
            }
        }
        await page.WaitForURLAsync(chart);
        await page.ClickAsync("role=tab[name='Documents']");
        await page.WaitForSelectorAsync("[data-testid=no-documents]");
        Assert.True(chromium.Problems.Count == 0, string.Join("\n", chromium.Problems));
    }
}
