using System.Text.Json;
using KeneyApp.Platform.Crypto;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Security;

namespace KeneyApp.Features.Sharing;

/// <summary>Shares as the API shows them (decrypted, never a secret), and which shares a caller may see.</summary>
public sealed class ShareReader(FieldEncryptor encryptor)
{
    public ShareResponse Read(RecordShare s) => new(
        s.Id, s.PatientId, s.CreatedById, s.Scope, Resources(s.CustomResources),
        encryptor.DecryptOrNull(s.TenantId, ShareFields.RecipientEmail, s.RecipientEmailEncrypted),
        encryptor.DecryptOrNull(s.TenantId, ShareFields.RecipientName, s.RecipientNameEncrypted),
        encryptor.DecryptOrNull(s.TenantId, ShareFields.Purpose, s.PurposeEncrypted),
        encryptor.DecryptOrNull(s.TenantId, ShareFields.Notes, s.NotesEncrypted),
        s.RequirePin, s.Status, s.ExpiresAt, s.AccessCount, s.MaxAccessCount, s.LastAccessedAt, s.LastAccessedIp,
        s.ConsentGiven, s.ConsentAt, s.ConsentRecordedById, s.CreatedAt, s.RevokedAt);

    public static ShareResources? Resources(string? json) => json is null ? null : JsonSerializer.Deserialize<ShareResources>(json, Json);

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>
    /// An admin sees the clinic's shares; a patient, those of its own record (whoever made them: it is its record, and
    /// it may end them); anyone else, those it created.
    /// </summary>
    public static IQueryable<RecordShare> Visible(AppDbContext db, CurrentUser user)
    {
        var shares = db.Set<RecordShare>().AsQueryable();
        var id = user.Id;
        var patientId = user.PatientId;
        return user.Role switch
        {
            Roles.Admin => shares,
            Roles.Patient => shares.Where(s => s.PatientId == patientId),
            _ => shares.Where(s => s.CreatedById == id),
        };
    }
}
