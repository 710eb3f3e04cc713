using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Prescriptions;

/// <summary>Reads prescriptions of visible patients; the status filter works on the status as of today.</summary>
internal sealed class FindPrescriptions(AppDbContext db, CurrentUser user, ClinicCalendar calendar, AuditLog audit)
{

    public async Task<Outcome<PrescriptionResponse>> GetAsync(int id, CancellationToken ct)
    {
        var prescription = await Visible().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (prescription is null)
        {
            return Problem.NotFound("prescription");
        }
        await audit.RecordAsync(AuditActions.Read, "prescription", id, ct: ct);
        return PrescriptionResponse.From(prescription, await calendar.TodayAsync(ct));
    }

    public async Task<Outcome<(IReadOnlyList<PrescriptionResponse> Items, int Total)>> ListAsync(
        int? patientId, PrescriptionStatus? status, Paging paging, bool patientMustExist, CancellationToken ct)
    {
        if (patientMustExist && !await db.CanSeePatientAsync(user, patientId!.Value, ct))
        {
            return Problem.NotFound("patient");
        }
        var today = await calendar.TodayAsync(ct);
        var prescriptions = Visible();
        if (patientId is { } pid)
        {
            prescriptions = prescriptions.Where(p => p.PatientId == pid);
        }
        prescriptions = status switch
        {
            PrescriptionStatus.Cancelled => prescriptions.Where(p => p.CancelledAt != null),
            PrescriptionStatus.Expired => prescriptions.Where(p => p.CancelledAt == null && p.EndDate < today),
            PrescriptionStatus.Active => prescriptions.Where(p => p.CancelledAt == null && p.EndDate >= today),
            _ => prescriptions,
        };
        var total = await prescriptions.CountAsync(ct);
        var page = await prescriptions.OrderByDescending(p => p.StartDate).ThenByDescending(p => p.Id).Skip(paging.Offset).Take(paging.Count).ToListAsync(ct);
        await audit.RecordPageReadAsync("prescription", page.Select(p => p.Id), ct);
        return (page.Select(p => PrescriptionResponse.From(p, today)).ToList(), total);
    }

    private IQueryable<Prescription> Visible()
    {
        return db.Visible<Prescription>(user).AsNoTracking();
    }
}
