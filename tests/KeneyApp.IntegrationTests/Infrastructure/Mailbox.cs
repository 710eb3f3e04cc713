using MimeKit;

namespace KeneyApp.IntegrationTests.Infrastructure;

/// <summary>
/// What the app e-mailed, as a recipient would read it: the .eml files of the pickup folder (the embedded
/// default, <c>data/outbox-mail</c>) or, for fixtures with SMTP, what the maildev server received.
/// </summary>
public static class Mailbox
{
    /// <summary>The messages written for <paramref name="address"/>, oldest first, waiting up to 15 s for at least <paramref name="atLeast"/>.</summary>
    public static async Task<IReadOnlyList<MimeMessage>> PickedUpForAsync(AppFixture app, string address, int atLeast = 1)
    {
        var folder = Path.Combine(app.Factory.DataDir, "outbox-mail");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var mine = new List<MimeMessage>();
            foreach (var file in Directory.Exists(folder) ? Directory.GetFiles(folder, "*.eml").Order().ToArray() : [])
            {
                var message = await MimeMessage.LoadAsync(file);
                if (message.To.Mailboxes.Any(m => string.Equals(m.Address, address, StringComparison.OrdinalIgnoreCase)))
                {
                    mine.Add(message);
                }
            }
            if (mine.Count >= atLeast || DateTime.UtcNow > deadline)
            {
                return mine;
            }
            await Task.Delay(100);
        }
    }

    /// <summary>The one-time token of the newest invitation link in a message text.</summary>
    public static string TokenIn(string text)
    {
        var start = text.LastIndexOf("#token=", StringComparison.Ordinal);
        Assert.True(start >= 0, "no invitation link in the message");
        return new string(text[(start + "#token=".Length)..].TakeWhile(c => char.IsLetterOrDigit(c) || c is '-' or '_').ToArray());
    }

    /// <summary>Invites a patient (as <paramref name="staff"/>) and returns the token from the e-mail it got.</summary>
    public static async Task<string> InviteAsync(AppFixture app, int patientId, string patientEmail, string staff = DemoUsers.Reception)
    {
        using var client = await app.ClientFor(staff);
        var before = (await PickedUpForAsync(app, patientEmail, atLeast: 0)).Count;
        await (await client.PostAsync($"/api/v1/patients/{patientId}/portal-account", null)).AssertOk(System.Net.HttpStatusCode.Accepted);
        var messages = await PickedUpForAsync(app, patientEmail, before + 1);
        Assert.True(messages.Count > before, "no invitation e-mail arrived");
        return TokenIn(messages[^1].TextBody ?? "");
    }
}
