using System.Text.Json;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Messaging;

/// <summary>
/// The documents a message may carry: each one the sender may read (anything else does not exist for it: 404) and
/// the receiver may see by its own rights (a lab result cannot go to a receptionist, nor another patient's
/// document to a patient: 422). An attachment grants nothing: the receiver opens it with its own rights.
/// </summary>
internal static class MessageAttachments
{
    public const int MaxPerMessage = 10;

    public static Validation Check(this Validation validation, IReadOnlyList<int>? ids) => validation
        .Check(ids is null || ids.Count <= MaxPerMessage, "attachment_ids", $"At most {MaxPerMessage} documents.")
        .Check(ids is null || ids.All(id => id > 0), "attachment_ids", "Document ids are positive numbers.");

    /// <summary>The attachments as stored (a JSON array, or null for none); or the problem.</summary>
    public static async Task<Outcome<string?>> CheckAsync(AppDbContext db, CurrentUser sender, IReadOnlyList<int>? ids, Receiver receiver,
        CancellationToken ct)
    {
        if (ids is null || ids.Count == 0)
        {
            return (string?)null;
        }
        var distinct = ids.Distinct().ToList();
        var documents = await db.ReadableDocuments(sender).AsNoTracking()
            .Where(d => distinct.Contains(d.Id) && d.Status == DocumentStatus.Ready)
            .Select(d => new { d.Id, d.DocumentType, d.PatientId, d.ReleasedAt })
            .ToListAsync(ct);
        if (documents.Count != distinct.Count)
        {
            return Problem.NotFound("document");
        }
        if (documents.FirstOrDefault(d => !DocumentVisibility.MayRead(receiver.Role, receiver.PatientId, d.DocumentType, d.PatientId, d.ReleasedAt != null)) is { } hidden)
        {
            return Problem.Invalid("attachment_ids", $"The receiver may not see document {hidden.Id}.");
        }
        return JsonSerializer.Serialize(distinct);
    }

    public sealed record Receiver(string Role, int? PatientId);
}
