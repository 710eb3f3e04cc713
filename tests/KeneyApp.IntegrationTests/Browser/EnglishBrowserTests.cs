using KeneyApp.IntegrationTests.Infrastructure;
using Microsoft.Playwright;
using OtpNet;

namespace KeneyApp.IntegrationTests.Browser;

/// <summary>
/// The main flows once in English: an admin adds a nurse (the generated password shown once, to the admin only);
/// the nurse changes it and turns on two-factor sign-in with the QR page's key, then signs in with a code; the
/// admin resets it; a doctor books and is told about a double booking in English.
/// </summary>
public sealed class EnglishBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private async Task<IPage> EnglishSignInAsync(Chromium chromium, string email, string password)
    {
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/sign-in");
        await page.SelectOptionAsync("#kn-culture", "en-GB");
        await page.ClickAsync("header button[type=submit]");
        await page.WaitForSelectorAsync("h1 >> text=Sign in");
        await Chromium.SignInAsync(page, email, password);
        return page;
    }

    [Fact]
    public async Task An_admin_adds_a_nurse_who_secures_the_account_and_a_doctor_books_in_english()
    {
        await using var chromium = await Chromium.LaunchAsync();
        var admin = await EnglishSignInAsync(chromium, DemoUsers.Admin, KeneyAppFactory.DemoPassword);
        Assert.Equal("en", await admin.GetAttributeAsync("html", "lang"));
        await admin.ClickAsync("nav >> text=Users");
        await admin.WaitForSelectorAsync("[data-testid=users]");
        var email = $"nurse.{Guid.NewGuid():N}@demo.keneyapp.test";
        await admin.FillAsync("#kn-user-name", "Alice Nurse");
        await admin.FillAsync("#kn-user-email", email);
        await admin.SelectOptionAsync("#kn-user-role", "nurse");
        await admin.ClickAsync("[data-testid=add-user]");
        var shown = await admin.WaitForSelectorAsync("[data-testid=temporary-password]");
        Assert.Contains("shown once", await shown!.TextContentAsync(), StringComparison.Ordinal);
        var temporary = (await admin.TextContentAsync("[data-testid=temporary-password] code"))!.Trim();
        await Chromium.ScreenshotAsync(admin, "users-added.en");
        await admin.ReloadAsync();
        await admin.WaitForSelectorAsync($"[data-testid=users] >> text={email}");
        Assert.Equal(0, await admin.Locator("[data-testid=temporary-password]").CountAsync());
        Assert.DoesNotContain(temporary, await admin.ContentAsync(), StringComparison.Ordinal);

        // The nurse replaces the password, then turns on two-factor sign-in.
        var nurse = await EnglishSignInAsync(chromium, email, temporary);
        await nurse.ClickAsync("[data-testid=user-name]");
        await nurse.WaitForSelectorAsync("h1 >> text=My account");
        await nurse.FillAsync("#kn-current-password", temporary);
        await nurse.FillAsync("#kn-account-new-password", "a strong new password");
        await nurse.FillAsync("#kn-account-confirm", "a strong new password");
        await nurse.ClickAsync("[data-testid=change-password]");
        await nurse.WaitForSelectorAsync("[data-testid=password-changed]");
        await nurse.FillAsync("#kn-mfa-password", "a strong new password");
        await nurse.ClickAsync("[data-testid=mfa-setup]");
        await nurse.WaitForFunctionAsync("() => document.querySelector('[data-testid=mfa-qr]')?.naturalWidth > 0");
        await Chromium.ScreenshotAsync(nurse, "account-mfa-qr.en");
        var totp = new Totp(Base32Encoding.ToBytes((await nurse.TextContentAsync("[data-testid=mfa-secret]"))!.Trim()));
        await nurse.FillAsync("#kn-mfa-code", totp.ComputeTotp(DateTime.UtcNow));
        await nurse.ClickAsync("[data-testid=mfa-activate]");
        await nurse.WaitForSelectorAsync("[data-testid=recovery-codes]");
        Assert.Equal(10, await nurse.Locator("[data-testid=recovery-codes] li").CountAsync());
        await nurse.WaitForSelectorAsync("[data-testid=mfa-on]");
        await nurse.ClickAsync("header button >> text=Sign out");
        await nurse.WaitForURLAsync(app.BaseUrl + "/sign-in**");

        // Next sign-in asks for a code.
        await Chromium.SignInAsync(nurse, email, "a strong new password", waitForHeader: false);
        await nurse.WaitForSelectorAsync("#kn-otp");
        await nurse.FillAsync("#kn-password", "a strong new password");
        await nurse.FillAsync("#kn-otp", totp.ComputeTotp(DateTime.UtcNow.AddSeconds(30)));
        await nurse.ClickAsync("main button[type=submit]");
        await nurse.WaitForSelectorAsync("[data-testid=user-name]");

        // The admin resets it: the nurse's sessions end, and the next sign-in needs no code.
        await admin.ReloadAsync();
        var row = admin.Locator("[data-testid=users] tr", new() { HasText = email });
        await row.Locator("button >> text=Reset two-factor").ClickAsync();
        await row.Locator("text=Two-factor on").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await nurse.GotoAsync(app.BaseUrl + "/patients");
        Assert.StartsWith(app.BaseUrl + "/sign-in", nurse.Url, StringComparison.Ordinal);
        await Chromium.SignInAsync(nurse, email, "a strong new password");

        // A doctor, in English: the chart's tabs and the double-booking message.
        var doctor = await EnglishSignInAsync(chromium, DemoUsers.DrMartin, KeneyAppFactory.DemoPassword);
        await doctor.ClickAsync("nav >> text=Patients");
        await doctor.FillAsync("#kn-patient-search", "Moreau");
        await doctor.WaitForFunctionAsync("() => document.querySelectorAll('tbody tr').length === 1");
        await doctor.ClickAsync("tbody a");
        await doctor.ClickAsync("role=tab[name='Appointments']");
        await doctor.SelectOptionAsync("#kn-doctor", new SelectOptionValue { Label = "Dr Pierre Martin" });
        await doctor.FillAsync("#kn-date", "2027-04-20");
        await doctor.FillAsync("#kn-time", "14:00");
        await doctor.ClickAsync("[data-testid=book]");
        await doctor.WaitForSelectorAsync("[data-testid=booked] >> text=Appointment booked");
        await doctor.ClickAsync("[data-testid=book]");
        await doctor.WaitForSelectorAsync("[data-testid=problem] >> text=This doctor already has an appointment at that time");
        await Chromium.ScreenshotAsync(doctor, "chart-appointments-conflict.en");
        Assert.True(chromium.Problems.Count == 0, string.Join("\n", chromium.Problems));
    }

    [Fact]
    public async Task A_message_from_a_french_speaking_sender_arrives_live_in_an_english_page_and_a_nurse_cannot_edit_identity()
    {
        await using var chromium = await Chromium.LaunchAsync();
        var jean = await EnglishSignInAsync(chromium, DemoUsers.JeanDupont, KeneyAppFactory.DemoPassword);
        await jean.ClickAsync("nav >> text=Messages");
        await jean.WaitForSelectorAsync("[data-testid=messages], [data-testid=no-messages]");

        // Sent through the API (French by default): the page that updates is Jean's, in Jean's language.
        var subject = "Rappel " + Guid.NewGuid().ToString("N")[..6];
        using (var doctor = await app.ClientFor(DemoUsers.DrMartin))
        {
            var jeanAccount = await Clinic.UserIdAsync(app, DemoUsers.JeanDupont);
            await (await doctor.PostJson("/api/v1/messages", new { receiver_id = jeanAccount, subject, content = "Pensez à votre prise de sang." }))
                .AssertOk(System.Net.HttpStatusCode.Created);
        }
        var row = jean.Locator("[data-testid=messages] li", new() { HasText = subject });
        await row.WaitForAsync(new() { Timeout = 10_000 });
        Assert.Equal("Unread", (await row.Locator("[data-testid=unread]").TextContentAsync())?.Trim());
        Assert.Contains("Inbox", await jean.TextContentAsync("[role=tablist]"), StringComparison.Ordinal);

        // A nurse may read identity but not change it: the edit page says so, even reached by its address.
        var email = await StaffAccounts.CreateAsync(app, "nurse");
        var nurse = await EnglishSignInAsync(chromium, email, StaffAccounts.Password);
        var patient = await Clinic.PatientIdAsync(app, "Dupont");
        await nurse.GotoAsync($"{app.BaseUrl}/patients/{patient}");
        await nurse.WaitForSelectorAsync("[data-testid=chart-summary]");
        Assert.Equal(0, await nurse.Locator("[data-testid=edit-patient]").CountAsync());
        await nurse.GotoAsync($"{app.BaseUrl}/patients/{patient}/edit");
        await nurse.WaitForSelectorAsync("[data-testid=not-allowed]");
        Assert.Equal(0, await nurse.Locator("#kn-first-name").CountAsync());
        Assert.True(chromium.Problems.Count == 0, string.Join("\n", chromium.Problems));
    }
}
