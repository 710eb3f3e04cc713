using KeneyApp.Platform.Http;

namespace KeneyApp.Features.Appointments;

internal static class AppointmentRules
{
    public const int DefaultDuration = 30;

    public static Validation Validate(AppointmentRequest r, bool partial) => new Validation()
        .Check(partial || r.PatientId is not null, "patient_id", "Required.")
        .Check(partial || r.DoctorId is not null, "doctor_id", "Required.")
        .Check(partial || r.AppointmentDate is not null, "appointment_date", "Required.")
        .Check(r.AppointmentDate is null || r.AppointmentDate.Value.Kind != DateTimeKind.Unspecified, "appointment_date",
            "An instant with its offset, e.g. 2026-12-01T09:30:00Z.")
        .Check(r.AppointmentDate is null || r.AppointmentDate.Value.ToUniversalTime().Year is >= 2000 and <= 2100, "appointment_date",
            "Between the years 2000 and 2100.")
        .Check(r.DurationMinutes is null or (>= 5 and <= 480), "duration_minutes", "Between 5 and 480.")
        .Optional(r.Reason, "reason", 500)
        .Optional(r.Notes, "notes", 4000);
}
