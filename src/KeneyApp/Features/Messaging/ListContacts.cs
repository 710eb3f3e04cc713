using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Messaging;

public sealed record ContactResponse(int UserId, string DisplayName, string Role, int? PatientId);

/// <summary>
/// The people the caller may write to, so nobody has to guess a user id: for a patient, its clinic's care team;
/// for staff, their colleagues and the clinic's patients who have a portal account. Active accounts only; <c>q</c>
/// filters by name. The same rule as sending (a patient writes to staff only).
/// </summary>
internal sealed class ListContacts(AppDbContext db, CurrentUser user, AuditLog audit)
{
    /// <summary>One contact by user id (the chart's "write to the patient"); null when the caller may not write to it.</summary>
    public async Task<ContactResponse?> FindAsync(int userId, CancellationToken ct)
    {
        var contact = await Contacts().Where(u => u.Id == userId).Select(u => new ContactResponse(u.Id, u.FullName, u.Role, u.PatientId))
            .FirstOrDefaultAsync(ct);
        if (contact is not null)
        {
            await audit.RecordPageReadAsync("contact", [contact.UserId], ct);
        }
        return contact;
    }

    public async Task<(IReadOnlyList<ContactResponse> Items, int Total)> HandleAsync(string? q, Paging paging, CancellationToken ct)
    {
        var people = Contacts();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim().ToLowerInvariant();
            // Translated to SQL lower(...) LIKE on both databases; the culture rules below are about .NET strings.
#pragma warning disable CA1304, CA1311, CA1862
            people = people.Where(u => u.FullName.ToLower().Contains(term));
#pragma warning restore CA1304, CA1311, CA1862
        }
        var total = await people.CountAsync(ct);
        var page = await people.OrderBy(u => u.FullName).ThenBy(u => u.Id).Skip(paging.Offset).Take(paging.Count)
            .Select(u => new ContactResponse(u.Id, u.FullName, u.Role, u.PatientId)).ToListAsync(ct);
        // Names of patients are identity data: who listed which accounts is on the record.
        await audit.RecordPageReadAsync("contact", page.Select(c => c.UserId), ct);
        return (page, total);
    }

    /// <summary>The portal account of a patient of the clinic, to write to from the chart; null when it has none.</summary>
    public async Task<int?> PortalAccountAsync(int patientId, CancellationToken ct) =>
        await db.VisiblePatients(user).AnyAsync(p => p.Id == patientId, ct)
            ? await db.Users.AsNoTracking().Where(u => u.PatientId == patientId && u.Role == Roles.Patient && u.IsActive)
                .Select(u => (int?)u.Id).FirstOrDefaultAsync(ct)
            : null;

    private IQueryable<Domain.User> Contacts()
    {
        var me = user.Id;
        var staff = Roles.Staff.ToList();
        var people = db.Users.AsNoTracking().Where(u => u.Id != me && u.IsActive && !u.IsLocked);
        return user.Role == Roles.Patient
            ? people.Where(u => staff.Contains(u.Role))
            : people.Where(u => staff.Contains(u.Role) || (u.Role == Roles.Patient && u.PatientId != null));
    }
}
