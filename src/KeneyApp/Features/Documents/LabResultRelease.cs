using System.Text.Json;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Documents;

/// <summary>
/// When a document reaches its patient. Lab results wait for a doctor's review, unless the clinic releases them at
/// upload (its setting) or the patient added the result itself; every other document is the patient's at once.
/// Each release of a lab result is an event that the notifications turn into "a result is waiting for you".
/// </summary>
internal static class LabResultRelease
{
    public static async Task<bool> ReleasedAtUploadAsync(AppDbContext db, CurrentUser user, DocumentType type, CancellationToken ct) =>
        type != DocumentType.LabResult || user.Role == Roles.Patient
        || await db.Tenants.Where(t => t.Id == user.TenantId).Select(t => t.LabResultsReleasedAtUpload).FirstAsync(ct);

    /// <summary>The event, in the caller's unit of work: ids only.</summary>
    public static void AddEvent(AppDbContext db, Document document, DateTime now) => db.Add(new OutboxMessage
    {
        Type = OutboxTypes.LabResultReleased,
        Payload = JsonSerializer.Serialize(new { document_id = document.Id, patient_id = document.PatientId }),
        CreatedAt = now,
    });
}
