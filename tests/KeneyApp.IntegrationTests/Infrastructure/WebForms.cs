using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace KeneyApp.IntegrationTests.Infrastructure;

/// <summary>The web application as a browser without scripts uses it: pages, cookies and form posts with their antiforgery token.</summary>
public static partial class WebForms
{
    /// <summary>A client that keeps cookies and shows redirects instead of following them.</summary>
    public static HttpClient Browser(this AppFixture app) => app.Factory.CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
    });

    /// <summary>The antiforgery token of the page's forms (every form of a page carries the same one).</summary>
    public static async Task<string> TokenOfAsync(this HttpClient browser, string path)
    {
        var page = await browser.GetStringAsync(path);
        return AntiforgeryToken().Match(page) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException($"No antiforgery token on {path}.");
    }

    public static Task<HttpResponseMessage> PostFormAsync(this HttpClient browser, string path, string token, params (string Name, string Value)[] fields) =>
        browser.PostAsync(path, new FormUrlEncodedContent([new("__RequestVerificationToken", token), .. fields.Select(f => KeyValuePair.Create(f.Name, f.Value))]));

    /// <summary>Signs in through the sign-in page; the answer is the page's (a redirect when it worked).</summary>
    public static async Task<HttpResponseMessage> SignInAsync(this HttpClient browser, string email, string password, string returnUrl = "/")
    {
        var path = $"/sign-in?ReturnUrl={Uri.EscapeDataString(returnUrl)}";
        return await browser.PostFormAsync(path, await browser.TokenOfAsync(path),
            ("_handler", "sign-in"), ("Input.Email", email), ("Input.Password", password));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
