using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;

namespace KeneyApp.Features.Vaccinations;

/// <summary>Lists the clinic's vaccine catalogue; an admin adds or changes an entry (booster interval, reminder lead time).</summary>
internal sealed class ManageCatalogue(AppDbContext db, AuditLog audit)
{
    public async Task<IReadOnlyList<CatalogueEntryResponse>> ListAsync(CancellationToken ct) =>
        (await VaccineCatalogue.EntriesAsync(db, ct)).Select(ToResponse).ToList();

    public async Task<Outcome<CatalogueEntryResponse>> PutAsync(string code, CatalogueEntryRequest r, CancellationToken ct)
    {
        code = code.Trim().ToUpperInvariant();
        var entries = await VaccineCatalogue.EntriesAsync(db, ct);
        var entry = entries.FirstOrDefault(e => e.Code == code);
        var validation = new Validation()
            .Check(code.Length is >= 2 and <= 32 && code.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'), "code", "2–32 letters, digits or dashes.")
            .Check(entry is not null || !string.IsNullOrWhiteSpace(r.Name), "name", "Required for a new vaccine.")
            .Optional(r.Name, "name", 200)
            .Check(r.BoosterIntervalDays is null or (>= 1 and <= 36500), "booster_interval_days", "Between 1 and 36500, or null for a closed series.")
            .Check(r.ReminderLeadDays is null or (>= 0 and <= 365), "reminder_lead_days", "Between 0 and 365.");
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }
        if (entry is null)
        {
            entry = new VaccineCatalogueEntry { Code = code, Name = r.Name!.Trim() };
            db.Add(entry);
        }
        entry.Name = string.IsNullOrWhiteSpace(r.Name) ? entry.Name : r.Name.Trim();
        entry.BoosterIntervalDays = r.BoosterIntervalDays;
        entry.ReminderLeadDays = r.ReminderLeadDays ?? entry.ReminderLeadDays;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(AuditActions.Update, "vaccine_catalogue", code, ct: ct);
        await tx.CommitAsync(ct);
        return ToResponse(entry);
    }

    private static CatalogueEntryResponse ToResponse(VaccineCatalogueEntry e) => new(e.Code, e.Name, e.BoosterIntervalDays, e.ReminderLeadDays);
}
