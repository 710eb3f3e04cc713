using System.Globalization;
using KeneyApp.Platform.Delivery;

namespace KeneyApp.Features.Sharing;

/// <summary>
/// The one-time code that proves a share's recipient holds the mailbox the share was restricted to. In French and
/// English (the recipient is outside the clinic: its language is unknown), naming the clinic and nothing of the
/// patient.
/// </summary>
internal static class ShareCodeEmail
{
    public static EmailContent Compose(string to, string clinic, string code, TimeSpan lifetime)
    {
        var minutes = ((int)lifetime.TotalMinutes).ToString(CultureInfo.InvariantCulture);
        return new EmailContent(to, $"KeneyApp : code de vérification / verification code",
            $"""
            {clinic} a partagé un dossier avec vous sur KeneyApp. Votre code de vérification : {code}
            Il est valable {minutes} minutes. Si vous n'avez rien demandé, ignorez ce message.

            {clinic} shared a record with you on KeneyApp. Your verification code: {code}
            It is valid for {minutes} minutes. If you did not ask for it, ignore this message.
            """);
    }
}
