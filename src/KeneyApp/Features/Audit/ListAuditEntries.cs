using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Audit;

public sealed record AuditQuery(string? Action, string? ResourceType, string? ResourceId, int? UserId, string? From, string? To);

public sealed record AuditEntryResponse(
    long Id, long? Sequence, DateTime OccurredAt, int? UserId, string? UserRole, string Action, string ResourceType,
    string? ResourceId, string Outcome, string? ClientIp, string? UserAgent, string? CorrelationId, string? Details, string? Hash);

/// <summary>
/// The audit trail of the admin's own clinic, newest first. Entries committed in the last moments may not be sealed
/// into the chain yet: their <c>sequence</c> and <c>hash</c> are null until they are.
/// </summary>
public sealed class ListAuditEntries(AppDbContext db, ClinicCalendar calendar)
{
    public async Task<Outcome<(IReadOnlyList<AuditEntryResponse> Items, int Total)>> HandleAsync(AuditQuery q, Paging paging, CancellationToken ct)
    {
        var from = await calendar.BoundAsync("from", q.From, upper: false, ct);
        var to = await calendar.BoundAsync("to", q.To, upper: true, ct);
        if ((from.Problem ?? to.Problem) is { } unreadable)
        {
            return unreadable;
        }
        var tenantId = db.CurrentTenantId ?? throw new InvalidOperationException("Audit reads need a tenant.");
        var entries = db.AuditEntries.AsNoTracking().Where(a => a.TenantId == tenantId);
        if (q.Action is not null)
        {
            entries = entries.Where(a => a.Action == q.Action);
        }
        if (q.ResourceType is not null)
        {
            entries = entries.Where(a => a.ResourceType == q.ResourceType);
        }
        if (q.ResourceId is not null)
        {
            entries = entries.Where(a => a.ResourceId == q.ResourceId);
        }
        if (q.UserId is not null)
        {
            entries = entries.Where(a => a.UserId == q.UserId);
        }
        if (from.Value is { } fromUtc)
        {
            entries = entries.Where(a => a.OccurredAt >= fromUtc);
        }
        if (to.Value is { } toUtc)
        {
            entries = entries.Where(a => a.OccurredAt < toUtc);
        }
        var total = await entries.CountAsync(ct);
        var items = await entries.OrderByDescending(a => a.Id).Skip(paging.Offset).Take(paging.Count)
            .Select(a => new AuditEntryResponse(a.Id, a.Sequence, a.OccurredAt, a.UserId, a.UserRole, a.Action, a.ResourceType,
                a.ResourceId, a.Outcome, a.ClientIp, a.UserAgent, a.CorrelationId, a.Details, a.Hash))
            .ToListAsync(ct);
        return (items, total);
    }
}
