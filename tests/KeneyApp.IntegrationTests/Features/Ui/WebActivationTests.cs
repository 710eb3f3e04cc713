using System.Net;
using KeneyApp.IntegrationTests.Infrastructure;

namespace KeneyApp.IntegrationTests.Features.Ui;

/// <summary>The activation page's form over HTTP, on both databases: the API's rules, the token only in the body.</summary>
public abstract class WebActivationTests(AppFixture app)
{
    [Fact]
    public async Task The_form_refuses_a_wrong_date_of_birth_then_activates_with_the_right_one()
    {
        var email = $"p{Guid.NewGuid():N}@patients.example";
        var id = (await Clinic.NewPatientAsync(app, email: email)).GetProperty("id").GetInt32();
        var token = await Mailbox.InviteAsync(app, id, email);
        var browser = app.Browser();
        var form = await browser.TokenOfAsync("/activate");

        var wrong = await browser.PostFormAsync("/activate", form, ("_handler", "activate"), ("Input.Token", token),
            ("Input.DateOfBirth", "1991-02-02"), ("Input.Password", "un mot de passe solide"), ("Input.Confirm", "un mot de passe solide"));
        var page = await wrong.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("Ce n'est pas la date de naissance de votre dossier.", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.DoesNotContain("un mot de passe solide", page, StringComparison.Ordinal);

        var mismatch = await browser.PostFormAsync("/activate", form, ("_handler", "activate"), ("Input.Token", token),
            ("Input.DateOfBirth", "1990-01-01"), ("Input.Password", "un mot de passe solide"), ("Input.Confirm", "un autre mot de passe"));
        Assert.Contains("Les deux mots de passe sont différents.", WebUtility.HtmlDecode(await mismatch.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal("0", (await app.RawRowAsync($"SELECT CAST(COUNT(*) AS TEXT) FROM users WHERE email = '{email}' AND activation_token_hash IS NULL")).Single());

        var right = await browser.PostFormAsync("/activate", form, ("_handler", "activate"), ("Input.Token", token),
            ("Input.DateOfBirth", "1990-01-01"), ("Input.Password", "un mot de passe solide"), ("Input.Confirm", "un mot de passe solide"));
        Assert.Contains("data-testid=\"activated\"", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Found, (await app.Browser().SignInAsync(email, "un mot de passe solide")).StatusCode);

        // Used: the same link now says so, and changes nothing.
        var again = await browser.PostFormAsync("/activate", form, ("_handler", "activate"), ("Input.Token", token),
            ("Input.DateOfBirth", "1990-01-01"), ("Input.Password", "encore un autre mot"), ("Input.Confirm", "encore un autre mot"));
        Assert.Contains("data-testid=\"activation-error\"", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Found, (await app.Browser().SignInAsync(email, "un mot de passe solide")).StatusCode);
    }
}

public sealed class WebActivationTestsOnSqlite(SqliteApp app) : WebActivationTests(app), IClassFixture<SqliteApp>;

public sealed class WebActivationTestsOnPostgres(PostgresApp app) : WebActivationTests(app), IClassFixture<PostgresApp>;
