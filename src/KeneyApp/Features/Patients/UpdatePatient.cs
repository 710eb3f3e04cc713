using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Delivery;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Patients;

/// <summary>
/// Replaces the fields the caller may write (API.md: "fields it may not see or write stay as they are"):
/// doctors and admins write everything; receptionists identity and contact only, and any clinical field they
/// send is left as it was. Fields absent from the body keep their value.
/// </summary>
internal sealed class UpdatePatient(AppDbContext db, CurrentUser user, PatientWriter writer, PatientReader reader, MailOutbox mail, ClinicCalendar calendar,
    AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<PatientResponse>> HandleAsync(int id, PatientRequest request, CancellationToken ct)
    {
        var patient = await db.VisiblePatients(user).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (patient is null)
        {
            return Problem.NotFound("patient");
        }
        // Here as well as on the endpoint: the web form calls this handler directly.
        if (!user.Can(Permission.PatientsUpdateIdentity))
        {
            return Problem.Forbidden();
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var clinical = user.Can(Permission.PatientsUpdateClinical);
        var validation = PatientValidation.Check(request, await calendar.TodayAsync(ct), partial: true);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }
        var previousEmail = patient.Email;
        writer.Apply(patient, request, clinical);
        patient.UpdatedAt = now;
        if (patient.Email != previousEmail)
        {
            // Invitations go to this address: who moved it, and when, decides who may send one (InvitePatientToPortal),
            // and the old address hears of the change.
            patient.EmailChangedAt = now;
            patient.EmailChangedById = user.Id;
            if (previousEmail is not null)
            {
                var clinic = await db.Tenants.Where(t => t.Id == patient.TenantId).Select(t => t.Name).FirstAsync(ct);
                mail.Add(db, patient.TenantId, NotificationTypes.ContactChanged, null, patient.Id, ContactChangedEmail.Compose(previousEmail, patient.PreferredLanguage, clinic));
            }
        }
        if (await DuplicateIns.SaveAsync(db, patient, () => audit.RecordAsync(AuditActions.Update, "patient", id, ct: ct), ct) is { } duplicate)
        {
            return duplicate;
        }
        mail.Flush();
        return reader.Read(patient, await db.Users.AnyAsync(u => u.PatientId == id, ct));
    }
}
