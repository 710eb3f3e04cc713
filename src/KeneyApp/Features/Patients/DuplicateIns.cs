using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Patients;

/// <summary>
/// The INS names one person: a second live record with it in the same clinic is a duplicate, answered 409 with
/// the existing record's id so staff open it instead. A unique index backs this when two requests race.
/// </summary>
internal static class DuplicateIns
{
    public static async Task<Problem?> FindAsync(AppDbContext db, Patient patient, CancellationToken ct)
    {
        if (patient.InsNumber is not { } ins)
        {
            return null;
        }
        var existing = await db.Set<Patient>().Where(p => p.InsNumber == ins && p.Id != patient.Id).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct);
        return existing is { } id
            ? Problem.Conflict("A patient with this INS already exists in this clinic.", new Dictionary<string, object?> { ["existing_patient_id"] = id })
            : null;
    }

    /// <summary>
    /// Saves the change and its audit entry (<paramref name="record"/>) in one transaction, turning a race lost on
    /// the unique index into the same 409 (asked after the failed transaction is rolled back).
    /// </summary>
    public static async Task<Problem?> SaveAsync(AppDbContext db, Patient patient, Func<Task> record, CancellationToken ct)
    {
        if (await FindAsync(db, patient, ct) is { } found)
        {
            return found;
        }
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            await record();
            await tx.CommitAsync(ct);
            return null;
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            db.ChangeTracker.Clear();
            var duplicate = await FindAsync(db, patient, ct);
            if (duplicate is null)
            {
                throw; // another unique index: not ours to explain
            }
            return duplicate;
        }
    }
}
