using System.Net;
using KeneyApp.IntegrationTests.Infrastructure;
using KeneyApp.IntegrationTests.Platform;

namespace KeneyApp.IntegrationTests.Features.Ui;

/// <summary>The sign-in page shares the API login's limit (15 a minute per client address): no way around it.</summary>
public sealed class WebSignInRateLimitTests(RealLoginLimitApp app) : IClassFixture<RealLoginLimitApp>
{
    [Fact]
    public async Task Guessing_through_the_sign_in_page_is_stopped_with_429()
    {
        using var browser = app.Browser();
        var token = await browser.TokenOfAsync("/sign-in");
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 16; i++)
        {
            var answer = await browser.PostFormAsync("/sign-in", token, ("_handler", "sign-in"), ("Input.Email", $"nobody{i}@x.test"), ("Input.Password", "Wrong-password-123"));
            answers.Add(answer.StatusCode);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[^1]);
        Assert.Equal(14, answers.Count(a => a == HttpStatusCode.OK)); // the page's own GET took the first of the 15
    }
}
