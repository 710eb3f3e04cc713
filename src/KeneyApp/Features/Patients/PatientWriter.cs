using KeneyApp.Platform.Crypto;

namespace KeneyApp.Features.Patients;

/// <summary>Copies the writable fields of a request onto a patient row, encrypting what SECURITY.md says to.</summary>
internal sealed class PatientWriter(FieldEncryptor encryptor)
{
    /// <param name="clinical">Whether the caller may write medical history and allergies (receptionists may not).</param>
    public void Apply(Patient p, PatientRequest r, bool clinical)
    {
        p.FirstName = r.FirstName?.Trim() ?? p.FirstName;
        p.LastName = r.LastName?.Trim() ?? p.LastName;
        p.SearchName = PatientRules.SearchNameOf(p.LastName, p.FirstName);
        p.DateOfBirth = r.DateOfBirth ?? p.DateOfBirth;
        p.Gender = r.Gender ?? p.Gender;
        p.Email = r.Email is null ? p.Email : Blank(r.Email)?.Trim().ToLowerInvariant();
        p.Phone = r.Phone is null ? p.Phone : PatientRules.NormalizePhone(r.Phone);
        p.BloodType = r.BloodType is null ? p.BloodType : Blank(r.BloodType);
        p.InsNumber = r.InsNumber is null ? p.InsNumber : Blank(r.InsNumber)?.ToUpperInvariant();
        p.PreferredLanguage = r.PreferredLanguage ?? p.PreferredLanguage;
        p.Timezone = r.Timezone ?? p.Timezone;
        p.AddressEncrypted = Seal(p, PatientFields.Address, r.Address, p.AddressEncrypted);
        p.EmergencyContactEncrypted = Seal(p, PatientFields.EmergencyContact, r.EmergencyContact, p.EmergencyContactEncrypted);
        p.EmergencyPhoneEncrypted = Seal(p, PatientFields.EmergencyPhone,
            r.EmergencyPhone is null ? null : PatientRules.NormalizePhone(r.EmergencyPhone) ?? "", p.EmergencyPhoneEncrypted);
        if (clinical)
        {
            p.MedicalHistoryEncrypted = Seal(p, PatientFields.MedicalHistory, r.MedicalHistory, p.MedicalHistoryEncrypted);
            p.AllergiesEncrypted = Seal(p, PatientFields.Allergies, r.Allergies, p.AllergiesEncrypted);
        }
    }

    /// <summary>null: keep; empty: clear; text: encrypt with the clinic's key.</summary>
    private string? Seal(Patient p, string purpose, string? value, string? current) => value switch
    {
        null => current,
        _ when string.IsNullOrWhiteSpace(value) => null,
        _ => encryptor.Encrypt(p.TenantId, purpose, value.Trim()),
    };

    private static string? Blank(string value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
