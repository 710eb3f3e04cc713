using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Vaccinations;

/// <summary>
/// The clinic's vaccine list. A clinic starts with the common adult vaccines of the French schedule (booster
/// intervals in days; null when the vaccine is a closed series) and its admin adjusts them.
/// </summary>
internal static class VaccineCatalogue
{
    private static readonly (string Code, string Name, int? BoosterDays, int LeadDays)[] Defaults =
    [
        ("DTP", "Diphtérie-Tétanos-Poliomyélite (rappel adulte)", 7300, 30),
        ("DTCAP", "Diphtérie-Tétanos-Coqueluche-Poliomyélite", 7300, 30),
        ("FLU", "Grippe saisonnière", 365, 30),
        ("COVID19", "COVID-19", 365, 30),
        ("HEPB", "Hépatite B", null, 30),
        ("HEPA", "Hépatite A", 180, 30),
        ("PNEUMO", "Pneumocoque (conjugué)", null, 30),
        ("ZOSTER", "Zona (vaccin recombinant)", 60, 14),
        ("MMR", "Rougeole-Oreillons-Rubéole", null, 30),
        ("HPV", "Papillomavirus humains", null, 30),
        ("MENACWY", "Méningocoque ACWY", null, 30),
    ];

    public static async Task<List<VaccineCatalogueEntry>> EntriesAsync(AppDbContext db, CancellationToken ct)
    {
        var entries = await db.Set<VaccineCatalogueEntry>().OrderBy(v => v.Code).ToListAsync(ct);
        if (entries.Count > 0)
        {
            return entries;
        }
        entries = Defaults.Select(d => new VaccineCatalogueEntry
        {
            Code = d.Code,
            Name = d.Name,
            BoosterIntervalDays = d.BoosterDays,
            ReminderLeadDays = d.LeadDays,
        }).ToList();
        db.AddRange(entries);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another request seeded the same clinic first (unique code per clinic): read theirs.
            db.ChangeTracker.Clear();
            return await db.Set<VaccineCatalogueEntry>().OrderBy(v => v.Code).ToListAsync(ct);
        }
        return entries;
    }
}
