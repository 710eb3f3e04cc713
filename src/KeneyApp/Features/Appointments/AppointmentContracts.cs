namespace KeneyApp.Features.Appointments;

/// <summary>Writable fields. <c>status</c> is ignored on create (a new appointment is scheduled).</summary>
public sealed record AppointmentRequest(
    int? PatientId, int? DoctorId, DateTime? AppointmentDate, int? DurationMinutes, AppointmentStatus? Status, string? Reason, string? Notes);

public sealed record AppointmentResponse(
    int Id, int PatientId, int DoctorId, DateTime AppointmentDate, int DurationMinutes, DateTime EndsAt, AppointmentStatus Status,
    string? Reason, string? Notes, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static AppointmentResponse From(Appointment a) => new(
        a.Id, a.PatientId, a.DoctorId, a.AppointmentDate, a.DurationMinutes, a.EndsAt, a.Status, a.Reason, a.Notes, a.CreatedAt, a.UpdatedAt);
}
