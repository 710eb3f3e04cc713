using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Vaccinations;

/// <summary>Reads vaccinations of visible patients.</summary>
internal sealed class FindVaccinations(AppDbContext db, CurrentUser user, AuditLog audit)
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
        await audit.RecordPageReadAsync("vaccination", page.Select(v => v.Id), ct);
        return (page.Select(VaccinationResponse.From).ToList(), total);
    }

    private IQueryable<Vaccination> Visible()
    {
        return db.Visible<Vaccination>(user);
    }
}
