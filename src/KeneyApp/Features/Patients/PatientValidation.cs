using KeneyApp.Platform.Http;

namespace KeneyApp.Features.Patients;

/// <summary>Field rules shared by create and update. <paramref name="partial"/>: absent fields are left as they are.</summary>
internal static class PatientValidation
{
    public static Validation Check(PatientRequest r, DateOnly today, bool partial)
    {
        var v = new Validation();
        if (!partial || r.FirstName is not null)
        {
            v.Required(r.FirstName, "first_name", 100);
        }
        if (!partial || r.LastName is not null)
        {
            v.Required(r.LastName, "last_name", 100);
        }
        v.Check(partial || r.DateOfBirth is not null, "date_of_birth", "Required.")
            .Check(r.DateOfBirth is null || r.DateOfBirth <= today, "date_of_birth", "Must not be in the future.")
            .Check(r.DateOfBirth is null || r.DateOfBirth >= new DateOnly(1900, 1, 1), "date_of_birth", "Must be after 1900-01-01.")
            .Check(partial && r.Gender is null || r.Gender is not null && PatientRules.Genders.Contains(r.Gender), "gender", "One of: male, female, other.")
            // An empty e-mail clears it (the writer stores none), as for the other optional fields.
            .Optional(r.Email, "email", 254).Email(string.IsNullOrEmpty(r.Email) ? null : r.Email, "email")
            .Check(string.IsNullOrWhiteSpace(r.Phone) || PatientRules.NormalizePhone(r.Phone) is not null, "phone",
                "An E.164 number (+33612345678) or a French number (06 12 34 56 78).")
            .Check(string.IsNullOrWhiteSpace(r.EmergencyPhone) || PatientRules.NormalizePhone(r.EmergencyPhone) is not null, "emergency_phone",
                "An E.164 number or a French number.")
            .Check(string.IsNullOrEmpty(r.BloodType) || PatientRules.BloodTypes.Contains(r.BloodType), "blood_type", "One of: A+, A-, B+, B-, AB+, AB-, O+, O-.")
            .Check(string.IsNullOrEmpty(r.InsNumber) || PatientRules.IsValidIns(r.InsNumber), "ins_number", "15 characters: 13-digit NIR and its 2-digit key.")
            .Check(r.PreferredLanguage is null || PatientRules.Languages.Contains(r.PreferredLanguage), "preferred_language", "One of: fr, en.")
            .Check(r.Timezone is null || ClinicCalendar.IsTimeZone(r.Timezone), "timezone", "An IANA time zone, e.g. Europe/Paris.")
            .Optional(r.Address, "address", 500)
            .Optional(r.MedicalHistory, "medical_history", 20_000)
            .Optional(r.Allergies, "allergies", 4000)
            .Optional(r.EmergencyContact, "emergency_contact", 200);
        return v;
    }
}
