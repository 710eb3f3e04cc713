using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Documents;

/// <summary>Counts and bytes of the live documents the caller may read, by type and by format, for the clinic or one patient.</summary>
internal sealed class DocumentStats(AppDbContext db, CurrentUser user)
{
    public async Task<Outcome<DocumentStatsResponse>> HandleAsync(int? patientId, CancellationToken ct)
    {
        if (patientId is { } id && !await db.CanSeePatientAsync(user, id, ct))
        {
            return Problem.NotFound("patient");
        }
        var documents = db.ReadableDocuments(user).AsNoTracking();
        if (patientId is { } only)
        {
            documents = documents.Where(d => d.PatientId == only);
        }
        var rows = await documents.GroupBy(d => new { d.DocumentType, d.DocumentFormat })
            .Select(g => new { g.Key.DocumentType, g.Key.DocumentFormat, Count = g.Count(), Bytes = g.Sum(d => d.FileSize) })
            .ToListAsync(ct);
        static IReadOnlyList<DocumentCount> By<TKey>(IEnumerable<(TKey Key, int Count, long Bytes)> items) where TKey : struct, Enum =>
            [.. items.GroupBy(i => i.Key).Select(g => new DocumentCount(WireName.Of(g.Key), g.Sum(i => i.Count), g.Sum(i => i.Bytes))).OrderBy(c => c.Key, StringComparer.Ordinal)];
        return new DocumentStatsResponse(rows.Sum(r => r.Count), rows.Sum(r => r.Bytes),
            By(rows.Select(r => (r.DocumentType, r.Count, r.Bytes))), By(rows.Select(r => (r.DocumentFormat, r.Count, r.Bytes))));
    }
}
