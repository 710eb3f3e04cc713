using System.Globalization;
using KeneyApp.Platform.Delivery;

namespace KeneyApp.Features.Patients;

/// <summary>
/// The invitation e-mail, in the patient's language. It names the clinic but nothing of the record: the mailbox
/// may not be the patient's alone, and the link still asks for the date of birth.
/// </summary>
internal static class PortalInvitationEmail
{
    public static EmailContent Compose(string to, string language, string clinic, string link, DateTime expiresAt)
    {
        if (language == "en")
        {
            var until = expiresAt.ToString("MMMM d, yyyy HH:mm 'UTC'", CultureInfo.GetCultureInfo("en-GB"));
            return new EmailContent(to, $"Your patient portal access — {clinic}",
                $"""
                Hello,

                {clinic} invites you to your patient portal on KeneyApp: your appointments, prescriptions,
                vaccinations and a secure messaging service with your care team.

                To activate your account, open this link (valid until {until}):
                {link}

                You will be asked for your date of birth, then for a password of your choice.
                If you did not expect this message, ignore it: nothing happens without the link.
                """);
        }
        var jusqua = expiresAt.ToString("d MMMM yyyy HH:mm 'UTC'", CultureInfo.GetCultureInfo("fr-FR"));
        return new EmailContent(to, $"Votre accès au portail patient — {clinic}",
            $"""
            Bonjour,

            {clinic} vous invite à rejoindre votre portail patient sur KeneyApp : vos rendez-vous, ordonnances,
            vaccinations et une messagerie sécurisée avec votre équipe soignante.

            Pour activer votre compte, ouvrez ce lien (valable jusqu'au {jusqua}) :
            {link}

            Votre date de naissance vous sera demandée, puis un mot de passe de votre choix.
            Si vous n'attendiez pas ce message, ignorez-le : rien ne se passe sans le lien.
            """);
    }
}
