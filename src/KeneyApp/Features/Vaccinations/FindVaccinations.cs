using KeneyApp.Domain;
using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Vaccinations;

/// <summary>Reads vaccinations of visible patients; removes one entered in error (archived, not erased).</summary>
internal sealed class FindVaccinations(AppDbContext db, CurrentUser user, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<VaccinationResponse>> GetAsync(int id, CancellationToken ct)
    {
        var vaccination = await Visible().AsNoTracking().FirstOrDefaultAsync(v => v.Id == id, ct);
        if (vaccination is null)
        {
            return Problem.NotFound("vaccination");
        }
        await audit.RecordAsync(AuditActions.Read, "vaccination", id, ct: ct);
        return VaccinationResponse.From(vaccination);
    }

    public async Task<Outcome<(IReadOnlyList<VaccinationResponse> Items, int Total)>> ListAsync(
        int? patientId, bool patientMustExist, Paging paging, CancellationToken ct)
    {
        if (patientMustExist && !await db.CanSeePatientAsync(user, patientId!.Value, ct))
        {
            return Problem.NotFound("patient");
        }
        var vaccinations = Visible().AsNoTracking();
        if (patientId is { } pid)
        {
            vaccinations = vaccinations.Where(v => v.PatientId == pid);
        }
        var total = await vaccinations.CountAsync(ct);
        var page = await vaccinations.OrderByDescending(v => v.AdministeredOn).ThenByDescending(v => v.Id)
            .Skip(paging.Offset).Take(paging.Count).ToListAsync(ct);
        await audit.RecordAsync(AuditActions.Read, "vaccination", null, details: "ids=" + string.Join(',', page.Select(v => v.Id)), ct: ct);
        return (page.Select(VaccinationResponse.From).ToList(), total);
    }

    public async Task<Outcome<bool>> RemoveAsync(int id, CancellationToken ct)
    {
        var vaccination = await Visible().FirstOrDefaultAsync(v => v.Id == id, ct);
        if (vaccination is null)
        {
            return Problem.NotFound("vaccination");
        }
        vaccination.DeletedAt = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(AuditActions.Delete, "vaccination", id, ct: ct);
        await tx.CommitAsync(ct);
        return true;
    }

    private IQueryable<Vaccination> Visible()
    {
        var visiblePatients = db.VisiblePatients(user).Select(p => p.Id);
        return db.Set<Vaccination>().Where(v => visiblePatients.Contains(v.PatientId));
    }
}
