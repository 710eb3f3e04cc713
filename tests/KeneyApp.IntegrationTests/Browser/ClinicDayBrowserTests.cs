using KeneyApp.IntegrationTests.Features.Documents;
using KeneyApp.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace KeneyApp.IntegrationTests.Browser;

/// <summary>
/// The issue's main flow in a real browser, on both databases: a doctor finds Jean Dupont, books an appointment and
/// is told plainly about a double booking, adds a PDF and sees it in the page, writes to him; Jean Dupont, in the
/// portal, sees the message arrive without reloading and answers with one of his documents attached.
/// </summary>
public abstract class ClinicDayBrowserTests(AppFixture app)
{
    protected abstract string Database { get; }

    [Fact]
    public async Task A_doctor_books_uploads_and_writes_and_jean_dupont_answers_from_the_portal_without_reloading()
    {
        await using var chromium = await Chromium.LaunchAsync();
        var doctor = await chromium.SignedInPageAsync(app.BaseUrl, DemoUsers.DrMartin, KeneyAppFactory.DemoPassword);

        // Find him and open his chart.
        await doctor.ClickAsync("nav >> text=Patients");
        await doctor.FillAsync("#kn-patient-search", "Dupont");
        await doctor.WaitForFunctionAsync("() => document.querySelectorAll('tbody tr').length === 1");
        await doctor.ClickAsync("text=DUPONT Jean");
        await doctor.WaitForSelectorAsync("[data-testid=chart-summary]");

        // Book, then book the same slot again: the second is refused, and says why.
        await doctor.ClickAsync("role=tab[name='Rendez-vous']");
        await doctor.WaitForSelectorAsync("#kn-doctor option >> text=Dr Pierre Martin", new() { State = WaitForSelectorState.Attached });
        await doctor.SelectOptionAsync("#kn-doctor", new SelectOptionValue { Label = "Dr Pierre Martin" });
        await doctor.FillAsync("#kn-date", "2027-03-15");
        await doctor.FillAsync("#kn-time", "10:30");
        await doctor.FillAsync("#kn-reason", "Contrôle tension");
        await doctor.ClickAsync("[data-testid=book]");
        await doctor.WaitForSelectorAsync("[data-testid=booked]");
        Assert.Contains("15/03/2027 10:30", await doctor.TextContentAsync("[data-testid=appointments]"), StringComparison.Ordinal);
        await doctor.ClickAsync("[data-testid=book]");
        var conflict = await doctor.WaitForSelectorAsync("[data-testid=problem]");
        Assert.Contains("déjà un rendez-vous sur ce créneau", await conflict!.TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await doctor.Locator("[data-testid=appointments] tbody tr >> text=15/03/2027 10:30").CountAsync());
        await Chromium.ScreenshotAsync(doctor, $"chart-appointments-conflict.{Database}");

        // A PDF, sent by the browser itself with its progress, then shown inside the page.
        await doctor.ClickAsync("role=tab[name='Documents']");
        await doctor.SetInputFilesAsync("#kn-file", new FilePayload
        {
            Name = "compte-rendu.pdf",
            MimeType = "application/pdf",
            Buffer = TestFiles.Pdf("Compte rendu " + Guid.NewGuid()),
        });
        await doctor.WaitForSelectorAsync("[data-testid=chosen-file] >> text=compte-rendu.pdf");
        await doctor.SelectOptionAsync("#kn-doc-type", "ConsultationNote");
        await doctor.FillAsync("#kn-doc-description", "Consultation du jour");
        await doctor.ClickAsync("[data-testid=upload]");
        await doctor.WaitForSelectorAsync("[data-testid=uploaded]");
        Assert.Contains("compte-rendu.pdf", await doctor.TextContentAsync("[data-testid=documents]"), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(doctor, $"chart-documents.{Database}");
        var shown = doctor.WaitForResponseAsync(r => r.Url.EndsWith("/file", StringComparison.Ordinal));
        await doctor.ClickAsync("[data-testid=open-uploaded]");
        var file = await shown;
        Assert.Equal(200, file.Status);
        Assert.Equal("application/pdf", file.Headers["content-type"]);
        Assert.False(file.Headers.ContainsKey("content-disposition"));
        await doctor.WaitForSelectorAsync("iframe[data-testid=pdf-viewer]");
        Assert.Matches(@"/documents/\d+$", doctor.Url);
        await Chromium.ScreenshotAsync(doctor, $"document-pdf.{Database}");

        // Jean Dupont has his messages open in the portal.
        var jean = await chromium.SignedInPageAsync(app.BaseUrl, DemoUsers.JeanDupont, KeneyAppFactory.DemoPassword);
        await jean.ClickAsync("nav >> text=Messages");
        await jean.WaitForSelectorAsync("[data-testid=messages], [data-testid=no-messages]");
        var subject = "Résultats " + Guid.NewGuid().ToString("N")[..6];
        Assert.Equal(0, await jean.Locator($"text={subject}").CountAsync());
        var unreadBefore = await UnreadAsync(jean);

        // The doctor writes to him from the chart.
        await doctor.ClickAsync("text=← Retour au dossier");
        await doctor.ClickAsync("role=tab[name='Messages']");
        await doctor.ClickAsync("[data-testid=write-to-patient]");
        await doctor.WaitForSelectorAsync("[data-testid=receiver] >> text=Jean Dupont");
        await doctor.FillAsync("#kn-subject", subject);
        await doctor.FillAsync("#kn-content", "Vos résultats sont arrivés, tout va bien.");
        await doctor.ClickAsync("[data-testid=send]");
        await doctor.WaitForSelectorAsync("[data-testid=thread-message] >> text=Vos résultats sont arrivés");

        // It appears in his open list, and in the header's count, without a reload.
        await jean.WaitForSelectorAsync($"[data-testid=messages] >> text={subject}", new() { Timeout = 10_000 });
        await jean.WaitForFunctionAsync($"() => Number(document.querySelector('[data-testid=unread-count]')?.textContent ?? 0) === {unreadBefore + 1}");
        await Chromium.ScreenshotAsync(jean, $"portal-messages.{Database}");

        // He answers with one of his documents.
        await jean.ClickAsync($"text={subject}");
        await jean.WaitForSelectorAsync("[data-testid=thread-message] >> text=Vos résultats sont arrivés");
        await jean.FillAsync("#kn-content", "Merci docteur, voici mon bilan.");
        await jean.CheckAsync("label >> text=compte-rendu.pdf");
        await jean.ClickAsync("[data-testid=send]");
        await jean.WaitForSelectorAsync("[data-testid=thread-message] >> text=Merci docteur");
        Assert.Equal("📎 compte-rendu.pdf", (await jean.TextContentAsync("[data-testid=thread-message] [data-testid=attachment]"))?.Trim());
        await Chromium.ScreenshotAsync(jean, $"portal-thread.{Database}");

        // The doctor's open thread shows the answer too, with its attachment, which opens.
        await doctor.WaitForSelectorAsync("[data-testid=thread-message] >> text=Merci docteur", new() { Timeout = 10_000 });
        await doctor.ClickAsync("[data-testid=attachment]");
        await doctor.WaitForSelectorAsync("[data-testid=document-name] >> text=compte-rendu.pdf");
        var documentId = doctor.Url[(doctor.Url.LastIndexOf('/') + 1)..];

        // The clinic's admin reads those actions in the audit log, by name, and the chain holds.
        var admin = await chromium.SignedInPageAsync(app.BaseUrl, DemoUsers.Admin, KeneyAppFactory.DemoPassword);
        await admin.ClickAsync("nav >> text=Journal d'audit");
        await admin.WaitForSelectorAsync("[data-testid=audit-entries]");
        await admin.SelectOptionAsync("#kn-audit-action", "create");
        await admin.SelectOptionAsync("#kn-audit-resource", "appointment");
        await admin.ClickAsync("[data-testid=audit-search]");
        await admin.WaitForSelectorAsync("[data-testid=audit-entries] tbody tr >> text=Dr Pierre Martin");
        Assert.DoesNotContain("Contrôle tension", await admin.ContentAsync(), StringComparison.Ordinal);
        await admin.SelectOptionAsync("#kn-audit-action", "download");
        await admin.SelectOptionAsync("#kn-audit-resource", "document");
        await admin.FillAsync("#kn-audit-resource-id", documentId);
        await admin.ClickAsync("[data-testid=audit-search]");
        await admin.WaitForSelectorAsync($"[data-testid=audit-entries] tbody tr >> text=document #{documentId}");
        Assert.Contains("Dr Pierre Martin", await admin.TextContentAsync("[data-testid=audit-entries] tbody"), StringComparison.Ordinal);
        await admin.ClickAsync("[data-testid=verify-chain]");
        await admin.WaitForSelectorAsync("[data-testid=chain-result] >> text=Chaîne intacte");
        await Chromium.ScreenshotAsync(admin, $"audit-log.{Database}");
        Assert.True(chromium.Problems.Count == 0, string.Join("\n", chromium.Problems));
    }

    private static async Task<int> UnreadAsync(IPage page) =>
        await page.Locator("[data-testid=unread-count]").CountAsync() == 0 ? 0 : int.Parse((await page.TextContentAsync("[data-testid=unread-count]"))!.Trim(), System.Globalization.CultureInfo.InvariantCulture);
}

public sealed class ClinicDayBrowserTestsOnSqlite(BrowserApp app) : ClinicDayBrowserTests(app), IClassFixture<BrowserApp>
{
    protected override string Database => "sqlite";
}

public sealed class ClinicDayBrowserTestsOnPostgres(BrowserAppOnPostgres app) : ClinicDayBrowserTests(app), IClassFixture<BrowserAppOnPostgres>
{
    protected override string Database => "postgres";
}
