using System.Text.Json.Nodes;

namespace KeneyApp.Platform.OpenApi;

/// <summary>
/// One realistic example per request body, shown by Swagger UI and ReDoc. Made-up people (the demo clinic's
/// names): never real patient data. A test checks each one against the schema it illustrates.
/// </summary>
internal static class RequestExamples
{
    private static readonly Dictionary<string, string> Examples = new()
    {
        ["LoginRequest"] = """{"username": "dr.martin@demo.keneyapp.test", "password": "correct horse battery staple"}""",
        ["RefreshRequest"] = """{"refresh_token": "dGhlIHJlZnJlc2ggdG9rZW4gZnJvbSB0aGUgbG9naW4"}""",
        ["ActivateAccountRequest"] = """{"token": "dGhlIHRva2VuIGZyb20gdGhlIGUtbWFpbA", "date_of_birth": "1980-05-15", "password": "a long passphrase of my own"}""",
        ["ChangePasswordRequest"] = """{"current_password": "correct horse battery staple", "new_password": "a new and longer passphrase"}""",
        ["MfaSetupRequest"] = """{"current_password": "correct horse battery staple"}""",
        ["MfaCodeRequest"] = """{"code": "492039"}""",
        ["ResetPasswordRequest"] = """{"new_password": "a temporary passphrase"}""",
        ["CreateUserRequest"] = """{"email": "s.bernard@clinique.example", "full_name": "Sophie Bernard", "role": "nurse", "preferred_language": "fr"}""",
        ["UpdateUserRequest"] = """{"role": "doctor", "is_active": true}""",
        ["CreateTenantRequest"] = """{"name": "Clinique des Lilas", "slug": "clinique-des-lilas", "contact_email": "accueil@lilas.example", "default_timezone": "Europe/Paris", "default_language": "fr", "admin": {"email": "admin@lilas.example", "full_name": "Paul Girard"}}""",
        ["TenantAdminRequest"] = """{"email": "admin@lilas.example", "full_name": "Paul Girard"}""",
        ["UpdateTenantRequest"] = """{"default_timezone": "Europe/Paris", "is_active": true}""",
        ["ClinicSettingsRequest"] = """{"default_timezone": "Europe/Paris", "contact_email": "accueil@clinique.example"}""",
        ["PatientRequest"] = """{"first_name": "Jean", "last_name": "Dupont", "date_of_birth": "1980-05-15", "gender": "male", "email": "jean.dupont@example.org", "phone": "+33612345678", "allergies": "Pollen", "blood_type": "A+", "ins_number": "180057512345627", "preferred_language": "fr"}""",
        ["AppointmentRequest"] = """{"patient_id": 1, "doctor_id": 3, "appointment_date": "2026-12-14T09:30:00+01:00", "duration_minutes": 30, "reason": "Suivi tension"}""",
        ["PrescriptionRequest"] = """{"patient_id": 1, "medication_name": "Amlodipine 5 mg", "atc_code": "C08CA01", "dosage": "1 comprimé", "frequency": "1 fois par jour", "duration_days": 90, "start_date": "2026-12-14", "refills": 2}""",
        ["VaccinationRequest"] = """{"patient_id": 1, "vaccine_code": "DTP", "dose_number": 2, "administered_on": "2026-12-14", "lot_number": "AB1234"}""",
        ["CatalogueEntryRequest"] = """{"name": "Diphtérie, tétanos, poliomyélite", "booster_interval_days": 7300, "reminder_lead_days": 30}""",
        ["NotificationPreferencesDocument"] = """{"channels": {"appointment_reminder": {"sms": false}}, "quiet_hours_start": "21:00", "quiet_hours_end": "08:00", "language": "fr"}""",
        ["UpdateDocumentRequest"] = """{"description": "Bilan sanguin de contrôle", "tags": ["bilan", "2026"], "document_type": "lab_result"}""",
        ["CreateShareRequest"] = """{"patient_id": 123, "scope": "full_record", "recipient_email": "dr.external@hospital.com", "recipient_name": "Dr. Martin", "expires_in_hours": 48, "max_access_count": 3, "require_pin": true, "purpose": "Consultation spécialisée", "consent_given": true}""",
        ["AccessShareRequest"] = """{"token": "xYz123AbCdEfGhIjKlMnOpQrStUvWxYz0123456789a", "pin": "845621"}""",
        ["SendMessageRequest"] = """{"receiver_id": 3, "subject": "Suivi tension", "content": "Bonjour docteur, voici mes mesures de la semaine.", "is_urgent": false}""",
    };

    /// <summary>By the request type's name: the platform does not reference features.</summary>
    public static JsonNode? For(Type requestType) => Examples.TryGetValue(requestType.Name, out var json) ? JsonNode.Parse(json) : null;
}
