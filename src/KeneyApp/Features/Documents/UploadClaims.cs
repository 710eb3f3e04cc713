using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Documents;

/// <summary>The storage keys an upload is writing, claimed against the sweep of orphans (<see cref="UploadInProgress"/>).</summary>
internal static class UploadClaims
{
    /// <summary>Claims a key before its first byte is written, in a commit of its own.</summary>
    public static async Task ClaimAsync(AppDbContext db, string storageKey, TimeProvider clock, CancellationToken ct)
    {
        var claim = new UploadInProgress { StorageKey = storageKey, StartedAt = clock.GetUtcNow().UtcDateTime };
        db.Add(claim);
        await db.SaveChangesAsync(ct);
        db.Entry(claim).State = EntityState.Detached;
    }

    /// <summary>Releases the keys: inside the transaction that commits their document, or once their files are deleted.</summary>
    public static Task ReleaseAsync(AppDbContext db, IEnumerable<string?> storageKeys, CancellationToken ct)
    {
        var keys = storageKeys.OfType<string>().ToList();
        return db.Set<UploadInProgress>().Where(u => keys.Contains(u.StorageKey)).ExecuteDeleteAsync(ct);
    }
}
