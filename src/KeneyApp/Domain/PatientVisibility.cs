using KeneyApp.Platform.Data;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Domain;

/// <summary>
/// Which patients the caller may see: staff see their clinic's (the tenant filter), a patient only itself.
/// Every feature that takes a patient id checks it through here, so a foreign id answers 404 everywhere.
/// </summary>
public static class PatientVisibility
{
    public static IQueryable<Patient> VisiblePatients(this AppDbContext db, CurrentUser user)
    {
        var patients = db.Set<Patient>().AsQueryable();
        if (user.Role == Roles.Patient)
        {
            var own = user.PatientId ?? -1;
            patients = patients.Where(p => p.Id == own);
        }
        else if (!Roles.IsStaff(user.Role))
        {
            patients = patients.Where(_ => false);
        }
        return patients;
    }

    /// <summary>Rows of a patient's record (appointments, prescriptions, vaccinations) the caller may see.</summary>
    public static IQueryable<T> Visible<T>(this AppDbContext db, CurrentUser user) where T : class, IPatientRecord
    {
        var visiblePatients = db.VisiblePatients(user).Select(p => p.Id);
        return db.Set<T>().Where(row => visiblePatients.Contains(row.PatientId));
    }

    public static Task<bool> CanSeePatientAsync(this AppDbContext db, CurrentUser user, int patientId, CancellationToken ct) =>
        db.VisiblePatients(user).AnyAsync(p => p.Id == patientId, ct);

    /// <summary>A doctor of the caller's clinic (active account, role doctor) — the only valid <c>doctor_id</c>.</summary>
    public static Task<bool> IsDoctorAsync(this AppDbContext db, int userId, CancellationToken ct) =>
        db.Users.AnyAsync(u => u.Id == userId && u.Role == Roles.Doctor && u.IsActive, ct);
}

/// <summary>A row that belongs to one patient's record.</summary>
public interface IPatientRecord
{
    int PatientId { get; }
}
