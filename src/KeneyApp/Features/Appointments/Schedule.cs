using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Appointments;

/// <summary>
/// A doctor's schedule: one booking at a time. Checks run under a per-doctor lock (an advisory transaction
/// lock on PostgreSQL, so several nodes agree; a process lock on SQLite, which runs on one node) so two
/// receptionists can't book the same slot at the same moment.
/// </summary>
internal sealed class Schedule(AppDbContext db, ScheduleLocks locks)
{
    public async Task<Outcome<T>> BookAsync<T>(int doctorId, DateTime start, DateTime end, int? ignoreId, Func<Task<T>> write, CancellationToken ct)
    {
        using var processLock = await locks.AcquireAsync(doctorId, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(4242, {doctorId})", ct);
        }
        var conflict = await db.Set<Appointment>().AsNoTracking()
            .Where(a => a.DoctorId == doctorId && a.Id != (ignoreId ?? 0)
                && a.Status != AppointmentStatus.Cancelled && a.Status != AppointmentStatus.NoShow
                && a.AppointmentDate < end && a.EndsAt > start)
            .Select(a => (int?)a.Id).FirstOrDefaultAsync(ct);
        if (conflict is { } id)
        {
            return Problem.Conflict("The doctor already has an appointment at that time.",
                new Dictionary<string, object?> { ["conflicting_appointment_id"] = id });
        }
        var result = await write();
        await tx.CommitAsync(ct);
        return result;
    }
}

/// <summary>In-process locks per doctor, shared by every request of this node.</summary>
public sealed class ScheduleLocks : IDisposable
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, SemaphoreSlim> _locks = new();

    public async Task<IDisposable> AcquireAsync(int doctorId, CancellationToken ct)
    {
        var gate = _locks.GetOrAdd(doctorId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        return new Release(gate);
    }

    public void Dispose()
    {
        foreach (var gate in _locks.Values)
        {
            gate.Dispose();
        }
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
