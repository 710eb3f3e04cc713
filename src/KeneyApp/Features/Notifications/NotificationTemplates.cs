using System.Globalization;
using System.Net;

namespace KeneyApp.Features.Notifications;

/// <summary>What a notification may say: when and with whom for a reminder, never why; otherwise only that something waits.</summary>
internal sealed record NotificationFacts(string Clinic, string Link, DateTime? LocalTime = null, string? WithWhom = null, bool Urgent = false)
{
    /// <summary>The page that turns this type of e-mail off (every notification e-mail has one).</summary>
    public string? UnsubscribeLink { get; init; }
}

internal sealed record RenderedNotification(string Subject, string Text, string Html, string Sms);

/// <summary>
/// The French and English texts of each notification. They carry no message text, diagnosis, medication, vaccine
/// or document name: a mailbox or a phone's lock screen is not the patient's alone.
/// </summary>
internal static class NotificationTemplates
{
    /// <summary>Bumped when a text changes, and recorded on each row.</summary>
    public static string Name(string type, bool escalation = false) => escalation ? $"{type}.escalation.v1" : $"{type}.v1";

    public static RenderedNotification Render(string type, string language, NotificationFacts facts)
    {
        var english = language == "en";
        var culture = CultureInfo.GetCultureInfo(english ? "en-GB" : "fr-FR");
        var day = facts.LocalTime?.ToString("dddd d MMMM yyyy", culture) ?? "";
        var time = facts.LocalTime?.ToString("HH:mm", culture) ?? "";
        var (subject, lines, sms) = (type, english) switch
        {
            (NotificationTypes.AppointmentReminder, false) => (
                $"Rappel : votre rendez-vous du {day} à {time}",
                new[] { $"Vous avez rendez-vous le {day} à {time} avec {facts.WithWhom} ({facts.Clinic}).",
                    "Pour le déplacer ou l'annuler, contactez la clinique." },
                $"{facts.Clinic} : rappel de votre rendez-vous le {day} à {time} avec {facts.WithWhom}."),
            (NotificationTypes.AppointmentReminder, true) => (
                $"Reminder: your appointment on {day} at {time}",
                new[] { $"You have an appointment on {day} at {time} with {facts.WithWhom} ({facts.Clinic}).",
                    "To move or cancel it, please contact the clinic." },
                $"{facts.Clinic}: reminder of your appointment on {day} at {time} with {facts.WithWhom}."),
            (NotificationTypes.LabResultAvailable, false) => (
                "Un nouveau résultat vous attend dans KeneyApp",
                new[] { $"{facts.Clinic} a mis un nouveau résultat à votre disposition.", "Connectez-vous à KeneyApp pour le consulter." },
                $"{facts.Clinic} : un nouveau résultat vous attend dans KeneyApp."),
            (NotificationTypes.LabResultAvailable, true) => (
                "A new result is waiting for you in KeneyApp",
                new[] { $"{facts.Clinic} has made a new result available to you.", "Sign in to KeneyApp to read it." },
                $"{facts.Clinic}: a new result is waiting for you in KeneyApp."),
            (NotificationTypes.PrescriptionRenewal, false) => (
                "Votre ordonnance arrive à échéance",
                new[] { $"Une de vos ordonnances prend fin le {day}.", $"Pensez à prendre rendez-vous auprès de {facts.Clinic} pour la renouveler si besoin." },
                $"{facts.Clinic} : une de vos ordonnances prend fin le {day}."),
            (NotificationTypes.PrescriptionRenewal, true) => (
                "Your prescription is ending soon",
                new[] { $"One of your prescriptions ends on {day}.", $"Remember to book an appointment with {facts.Clinic} to renew it if needed." },
                $"{facts.Clinic}: one of your prescriptions ends on {day}."),
            (NotificationTypes.VaccinationReminder, false) => (
                "Une vaccination est à prévoir",
                new[] { $"Une vaccination est à faire à partir du {day}.", $"Prenez rendez-vous auprès de {facts.Clinic}." },
                $"{facts.Clinic} : une vaccination est à prévoir à partir du {day}."),
            (NotificationTypes.VaccinationReminder, true) => (
                "A vaccination is due",
                new[] { $"A vaccination is due from {day}.", $"Please book an appointment with {facts.Clinic}." },
                $"{facts.Clinic}: a vaccination is due from {day}."),
            (NotificationTypes.NewMessage, false) => (
                facts.Urgent ? "Un message urgent vous attend dans KeneyApp" : "Un nouveau message vous attend dans KeneyApp",
                new[] { "Vous avez reçu un message dans votre messagerie sécurisée KeneyApp.", "Connectez-vous pour le lire." },
                facts.Urgent ? "KeneyApp : un message urgent vous attend." : "KeneyApp : un nouveau message vous attend."),
            (NotificationTypes.NewMessage, true) => (
                facts.Urgent ? "An urgent message is waiting for you in KeneyApp" : "A new message is waiting for you in KeneyApp",
                new[] { "You have received a message in your secure KeneyApp inbox.", "Sign in to read it." },
                facts.Urgent ? "KeneyApp: an urgent message is waiting for you." : "KeneyApp: a new message is waiting for you."),
            (NotificationTypes.ShareOpened, false) => (
                "Votre dossier partagé a été consulté",
                new[] { $"Le dossier partagé {With(facts.WithWhom, false)} a été ouvert le {day} à {time}.",
                    "Si ce partage n'a plus lieu d'être, révoquez-le depuis KeneyApp en un clic." },
                $"KeneyApp : le dossier partagé {With(facts.WithWhom, false)} a été ouvert le {day} à {time}."),
            (NotificationTypes.ShareOpened, true) => (
                "Your shared record was opened",
                new[] { $"The record shared {With(facts.WithWhom, true)} was opened on {day} at {time}.",
                    "If this share is no longer needed, revoke it from KeneyApp in one click." },
                $"KeneyApp: the record shared {With(facts.WithWhom, true)} was opened on {day} at {time}."),
            (NotificationTypes.ShareLocked, false) => (
                "Un partage de dossier a été verrouillé",
                new[] { $"Le lien de partage {With(facts.WithWhom, false)} a été verrouillé le {day} à {time} après cinq codes PIN erronés.",
                    "Personne n'a ouvert le dossier avec ces essais. Créez un nouveau partage si besoin." },
                $"KeneyApp : un partage de dossier a été verrouillé après cinq codes PIN erronés."),
            (NotificationTypes.ShareLocked, true) => (
                "A record share was locked",
                new[] { $"The share link {With(facts.WithWhom, true)} was locked on {day} at {time} after five wrong PINs.",
                    "Nobody opened the record with those attempts. Create a new share if needed." },
                "KeneyApp: a record share was locked after five wrong PINs."),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "No template for this notification type."),
        };
        var greeting = english ? "Hello," : "Bonjour,";
        var open = english ? "Open KeneyApp" : "Ouvrir KeneyApp";
        var stop = english ? "To stop receiving these e-mails:" : "Pour ne plus recevoir ces e-mails :";
        var unsubscribe = facts.UnsubscribeLink is { } link ? $"\n--\n{stop} {link}\n" : "";
        var text = $"{greeting}\n\n{string.Join("\n", lines)}\n\n{facts.Link}\n{unsubscribe}";
        var html = $"""
            <!DOCTYPE html>
            <html lang="{(english ? "en" : "fr")}"><head><meta charset="utf-8"><title>{E(subject)}</title></head>
            <body style="font-family:sans-serif;color:#1a1a1a">
            <p>{E(greeting)}</p>
            {string.Concat(lines.Select(l => $"<p>{E(l)}</p>"))}
            <p><a href="{E(facts.Link)}">{E(open)}</a></p>
            {(facts.UnsubscribeLink is { } off ? $"<p style=\"font-size:small;color:#555\">{E(stop)} <a href=\"{E(off)}\">{E(off)}</a></p>" : "")}
            </body></html>
            """;
        return new RenderedNotification(subject, text, html, $"{sms} {facts.Link}");
    }

    private static string E(string value) => WebUtility.HtmlEncode(value);

    /// <summary>Whom a share was given to, as named at its creation (the patient's or creator's own words).</summary>
    private static string With(string? name, bool english) => (name, english) switch
    {
        (null, false) => "par lien",
        (null, true) => "by link",
        (_, false) => $"avec {name}",
        (_, true) => $"with {name}",
    };
}
