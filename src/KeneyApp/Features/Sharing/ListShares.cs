using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Sharing;

/// <summary>The shares the caller may see (<see cref="ShareReader.Visible"/>), newest first; optionally one patient's, or only those still open.</summary>
internal sealed class ListShares(AppDbContext db, CurrentUser user, ShareReader reader, AuditLog audit, TimeProvider clock)
{
    public async Task<(IReadOnlyList<ShareResponse> Items, int Total)> HandleAsync(int? patientId, bool activeOnly, Paging paging, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var shares = ShareReader.Visible(db, user).AsNoTracking();
        shares = patientId is { } id ? shares.Where(s => s.PatientId == id) : shares;
        shares = activeOnly ? shares.Where(s => s.Status == ShareStatuses.Active && s.ExpiresAt > now) : shares;
        var total = await shares.CountAsync(ct);
        var rows = await shares.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id).Skip(paging.Offset).Take(paging.Count).ToListAsync(ct);
        var page = rows.Select(s => ShareStatus.AsOf(s, now)).Select(reader.Read).ToList();
        // The list carries the recipients' names and addresses and the purposes: a read like any other.
        await audit.RecordPageReadAsync("share", rows.Select(s => s.Id), ct);
        return (page, total);
    }
}

/// <summary>A share past its expiry reads as expired before the housekeeping job has marked it.</summary>
internal static class ShareStatus
{
    public static RecordShare AsOf(RecordShare share, DateTime now)
    {
        if (share.Status == ShareStatuses.Active && share.ExpiresAt <= now)
        {
            share.Status = ShareStatuses.Expired;
        }
        return share;
    }
}
