using KeneyApp.Platform.Delivery;

namespace KeneyApp.Features.Patients;

/// <summary>
/// The notice sent to a record's previous e-mail address when it changes: if the patient did not ask for it,
/// they can tell the clinic before anything is sent to the new one. It names neither address nor the record.
/// </summary>
internal static class ContactChangedEmail
{
    public static EmailContent Compose(string to, string language, string clinic) => language == "en"
        ? new EmailContent(to, $"Your contact address was changed — {clinic}",
            $"""
            Hello,

            {clinic} changed the e-mail address on your patient record: messages from the clinic and the patient portal will
            now go to the new address.

            If you did not ask for this change, please contact the clinic.
            """)
        : new EmailContent(to, $"Votre adresse de contact a été modifiée — {clinic}",
            $"""
            Bonjour,

            {clinic} a modifié l'adresse e-mail de votre dossier patient : les messages de la clinique et du portail patient
            seront désormais envoyés à la nouvelle adresse.

            Si vous n'avez pas demandé ce changement, contactez la clinique.
            """);
}
