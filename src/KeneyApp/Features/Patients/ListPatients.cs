using System.Globalization;
using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Patients;

/// <summary>
/// Lists and searches the clinic's patients. <c>q</c> matches a name (any order, accents and case ignored), a
/// date of birth (YYYY-MM-DD or DD/MM/YYYY), an e-mail, a phone number or an INS. One audit entry per page.
/// </summary>
internal sealed class ListPatients(AppDbContext db, CurrentUser user, PatientReader reader, AuditLog audit)
{
    public async Task<(IReadOnlyList<PatientResponse> Items, int Total)> HandleAsync(string? q, Paging paging, CancellationToken ct)
    {
        var patients = Search(db.VisiblePatients(user).AsNoTracking(), q);
        var total = await patients.CountAsync(ct);
        var page = await patients.OrderBy(p => p.SearchName).ThenBy(p => p.Id).Skip(paging.Offset).Take(paging.Count).ToListAsync(ct);
        var ids = page.Select(p => p.Id).ToList();
        var withAccounts = (await db.Users.Where(u => u.PatientId != null && ids.Contains(u.PatientId.Value)).Select(u => u.PatientId!.Value)
            .ToListAsync(ct)).ToHashSet();
        await audit.RecordPageReadAsync("patient", ids, ct);
        return (page.Select(p => reader.Read(p, withAccounts.Contains(p.Id))).ToList(), total);
    }

    private static IQueryable<Patient> Search(IQueryable<Patient> patients, string? q)
    {
        if (string.IsNullOrWhiteSpace(q))
        {
            return patients;
        }
        q = q.Trim();
        if (DateOnly.TryParseExact(q, ["yyyy-MM-dd", "dd/MM/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var dob))
        {
            return patients.Where(p => p.DateOfBirth == dob);
        }
        if (q.Contains('@', StringComparison.Ordinal))
        {
            var email = q.ToLowerInvariant();
            return patients.Where(p => p.Email == email);
        }
        if (PatientRules.NormalizePhone(q) is { } phone)
        {
            return patients.Where(p => p.Phone == phone);
        }
        if (q.Length == 15 && PatientRules.IsValidIns(q))
        {
            var ins = q.ToUpperInvariant();
            return patients.Where(p => p.InsNumber == ins);
        }
        // Every word must start a word of the name: "dup jea" finds "DUPONT JEAN".
        foreach (var word in PatientRules.Fold(q).Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(4))
        {
            var prefix = word;
            var inner = " " + word;
            patients = patients.Where(p => p.SearchName.StartsWith(prefix) || p.SearchName.Contains(inner));
        }
        return patients;
    }
}
