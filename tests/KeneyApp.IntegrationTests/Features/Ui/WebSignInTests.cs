using System.Net;
using KeneyApp.IntegrationTests.Infrastructure;

namespace KeneyApp.IntegrationTests.Features.Ui;

/// <summary>
/// The web application's sign-in: a cookie on the same login session as the API's tokens. Signing out or any
/// revocation ends it; the API never accepts it; French by default, English on choice.
/// </summary>
public abstract class WebSignInTests(AppFixture app)
{
    [Fact]
    public async Task A_doctor_signs_in_in_french_then_english_and_signs_out_for_good()
    {
        using var browser = app.Browser();
        var anonymous = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/sign-in", anonymous.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        var signedIn = await browser.SignInAsync(DemoUsers.DrMartin, KeneyAppFactory.DemoPassword);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/", signedIn.Headers.Location!.Local());
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("keneyapp.ui=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        // The page itself renders in the browser's live connection (SignInBrowserTests reads it); its frame is here.
        // Forms posted below take the antiforgery token of the sign-in page, which is rendered here whole.
        var home = await browser.GetStringAsync("/");
        Assert.Contains("lang=\"fr\"", home, StringComparison.Ordinal);
        // The CSP allows no inline script: every script element names its file.
        Assert.DoesNotMatch("<script(?![^>]*\\ssrc=)[^>]*>", home);
        foreach (System.Text.RegularExpressions.Match asset in System.Text.RegularExpressions.Regex.Matches(home, "(?:href|src)=\"([^\"]+\\.(?:css|js))\""))
        {
            var served = await browser.GetAsync("/" + asset.Groups[1].Value.TrimStart('/'));
            Assert.True(served.StatusCode == HttpStatusCode.OK, $"{asset.Groups[1].Value}: {(int)served.StatusCode}");
        }

        var english = await browser.PostFormAsync("/ui/culture", await browser.TokenOfAsync("/sign-in"), ("culture", "en-GB"), ("returnUrl", "/"));
        Assert.Equal(HttpStatusCode.Redirect, english.StatusCode);
        home = await browser.GetStringAsync("/");
        Assert.Contains("lang=\"en\"", home, StringComparison.Ordinal);

        // The cookie as it is now, kept by someone who copied it.
        var copied = cookie.Split(';')[0];
        var signedOut = await browser.PostFormAsync("/sign-out", await browser.TokenOfAsync("/sign-in"));
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/")).StatusCode);
        using var replay = app.Factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", copied);
        Assert.Equal(HttpStatusCode.Redirect, (await replay.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task The_keys_that_seal_cookies_are_stored_sealed_by_the_master_key()
    {
        using var browser = app.Browser();
        await browser.SignInAsync(DemoUsers.Nurse, KeneyAppFactory.DemoPassword);
        var stored = (await app.RawRowAsync("SELECT xml FROM data_protection_keys")).Single();
        Assert.Contains("<sealedKey", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("<value>", stored, StringComparison.Ordinal); // the key material, in clear, would be here
    }

    [Fact]
    public async Task A_wrong_password_is_one_message_and_no_cookie()
    {
        using var browser = app.Browser();
        var answer = await browser.SignInAsync(DemoUsers.DrMartin, "not the password");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.False(answer.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("keneyapp.ui=", StringComparison.Ordinal)));
        Assert.Contains("sign-in-error", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Locking_the_account_ends_its_web_session_at_once()
    {
        var email = await StaffAccounts.CreateAsync(app, "nurse");
        var id = await StaffAccounts.IdOf(app, email);
        using var browser = app.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(email, StaffAccounts.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
        using var admin = await app.ClientFor(DemoUsers.Admin);
        await (await admin.PatchJson($"/api/v1/users/{id}", new { is_locked = true })).AssertOk();
        var after = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/sign-in", after.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cookie_opens_no_api_endpoint_and_a_sign_out_needs_its_antiforgery_token()
    {
        using var browser = app.Browser();
        await browser.SignInAsync(DemoUsers.Nurse, KeneyAppFactory.DemoPassword);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/auth/me")).StatusCode);
        var forged = await browser.PostAsync("/sign-out", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task The_platform_operator_opens_the_jobs_dashboard_signed_in_and_a_doctor_does_not()
    {
        using var root = app.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await root.SignInAsync(DemoUsers.Root, KeneyAppFactory.DemoPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await root.GetAsync("/jobs")).StatusCode);
        using var doctor = app.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await doctor.SignInAsync(DemoUsers.DrLeroy, KeneyAppFactory.DemoPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await doctor.GetAsync("/")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await doctor.GetAsync("/jobs")).StatusCode);
    }

    [Theory]
    [InlineData("//evil.example/")]
    [InlineData("https://evil.example/")]
    [InlineData("/\\evil.example")]
    [InlineData("/\t/evil.example")]
    [InlineData("/%2F%2Fevil.example")]
    public async Task After_sign_in_or_a_language_change_only_a_path_of_this_site_is_followed(string returnUrl)
    {
        using var browser = app.Browser();
        var answer = await browser.SignInAsync(DemoUsers.Reception, KeneyAppFactory.DemoPassword, returnUrl);
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("/", answer.Headers.Location!.Local());
        var language = await browser.PostFormAsync("/ui/culture", await browser.TokenOfAsync("/sign-in"), ("culture", "en-GB"), ("returnUrl", returnUrl));
        Assert.Equal(HttpStatusCode.Redirect, language.StatusCode);
        Assert.Equal("/", language.Headers.Location!.Local());
    }

    [Fact]
    public async Task A_refused_sign_in_never_sends_the_password_back()
    {
        using var browser = app.Browser();
        var answer = await browser.SignInAsync(DemoUsers.Nurse, "Wrong-but-secret-42");
        Assert.DoesNotContain("Wrong-but-secret-42", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

internal static class Redirects
{
    /// <summary>The path a redirect goes to, which must be on this site.</summary>
    public static string Local(this Uri location)
    {
        Assert.True(!location.IsAbsoluteUri || location.Host == "localhost", $"a redirect off the site: {location}");
        return location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
    }
}

public sealed class WebSignInTestsOnSqlite(SqliteApp app) : WebSignInTests(app), IClassFixture<SqliteApp>;

public sealed class WebSignInTestsOnPostgres(PostgresApp app) : WebSignInTests(app), IClassFixture<PostgresApp>;
