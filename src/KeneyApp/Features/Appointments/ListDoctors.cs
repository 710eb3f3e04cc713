using KeneyApp.Platform.Data;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Appointments;

/// <summary>The clinic's active doctors by name: whom an appointment is booked with, and the names a schedule shows.</summary>
public sealed class ListDoctors(AppDbContext db)
{
    public sealed record Doctor(int Id, string Name);

    public async Task<IReadOnlyList<Doctor>> HandleAsync(CancellationToken ct) => await db.Users.AsNoTracking()
        .Where(u => u.Role == Roles.Doctor && u.IsActive)
        .OrderBy(u => u.FullName)
        .Select(u => new Doctor(u.Id, u.FullName))
        .ToListAsync(ct);
}
