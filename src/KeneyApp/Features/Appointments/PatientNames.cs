using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Appointments;

/// <summary>
/// The names of the patients a schedule shows (appointments carry ids only), among those the caller may see.
/// Names are identity data: which ones were listed is recorded, as for the patient list.
/// </summary>
internal sealed class PatientNames(AppDbContext db, CurrentUser user, AuditLog audit)
{
    public async Task<IReadOnlyDictionary<int, string>> HandleAsync(IReadOnlyCollection<int> patientIds, CancellationToken ct)
    {
        if (patientIds.Count == 0)
        {
            return new Dictionary<int, string>();
        }
        var names = await db.VisiblePatients(user).AsNoTracking().Where(p => patientIds.Contains(p.Id))
            .Select(p => new { p.Id, p.FirstName, p.LastName }).ToListAsync(ct);
        await audit.RecordPageReadAsync("patient", names.Select(n => n.Id), ct);
        return names.ToDictionary(n => n.Id, n => $"{n.LastName.ToUpperInvariant()} {n.FirstName}");
    }
}
