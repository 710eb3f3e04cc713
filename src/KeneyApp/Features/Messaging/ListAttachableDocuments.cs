using KeneyApp.Platform.Data;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Messaging;

/// <summary>
/// The documents the caller could attach to a message for one receiver, to pick from by name: those of the patient
/// the conversation is about (the caller's own record for a patient; the receiver's for staff writing to a patient),
/// ready, readable by the caller and by the receiver. Sending checks the same rule again (<see cref="MessageAttachments"/>).
/// </summary>
internal sealed class ListAttachableDocuments(AppDbContext db, CurrentUser user, Platform.Audit.AuditLog audit)
{
    public sealed record Attachable(int Id, string Name, DocumentType Type);

    public async Task<IReadOnlyList<Attachable>> HandleAsync(int receiverId, CancellationToken ct)
    {
        var receiver = await db.Users.AsNoTracking().Where(u => u.Id == receiverId && u.IsActive)
            .Select(u => new { u.Role, u.PatientId }).FirstOrDefaultAsync(ct);
        var patientId = user.Role == Roles.Patient ? user.PatientId : receiver?.PatientId;
        if (receiver is null || patientId is null)
        {
            return [];
        }
        var documents = await db.ReadableDocuments(user).AsNoTracking()
            .Where(d => d.PatientId == patientId && d.Status == DocumentStatus.Ready)
            .OrderByDescending(d => d.CreatedAt)
            .Select(d => new { d.Id, d.OriginalFilename, d.DocumentType, d.PatientId, d.ReleasedAt })
            .Take(100)
            .ToListAsync(ct);
        List<Attachable> attachable = [.. documents.Where(d => DocumentVisibility.MayRead(receiver.Role, receiver.PatientId, d.DocumentType, d.PatientId, d.ReleasedAt != null))
            .Select(d => new Attachable(d.Id, d.OriginalFilename, d.DocumentType))];
        // File names are part of the record: which ones were listed is on the record, as for the document list.
        await audit.RecordPageReadAsync("document", attachable.Select(d => d.Id), ct);
        return attachable;
    }

    /// <summary>The names of a message's attachments that the reader may open (the others are left out, as the API would 404 them).</summary>
    public async Task<IReadOnlyDictionary<int, string>> NamesAsync(IReadOnlyCollection<int> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return new Dictionary<int, string>();
        }
        var names = await db.ReadableDocuments(user).AsNoTracking().Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.OriginalFilename, ct);
        await audit.RecordPageReadAsync("document", names.Keys, ct);
        return names;
    }
}
