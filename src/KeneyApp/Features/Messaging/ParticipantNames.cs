using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Messaging;

/// <summary>
/// The display names of the people in a set of messages, so a patient reads "Dr Martin" rather than
/// <c>sender_id: 3</c>. Loaded once per answer, for the few distinct users it mentions.
/// </summary>
public sealed class ParticipantNames(IReadOnlyDictionary<int, string> names)
{
    public string this[int userId] => names.TryGetValue(userId, out var name) ? name : "";

    public static async Task<ParticipantNames> LoadAsync(AppDbContext db, IEnumerable<int> userIds, CancellationToken ct)
    {
        var ids = userIds.Distinct().ToList();
        var names = ids.Count == 0
            ? new Dictionary<int, string>()
            : await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
        return new ParticipantNames(names);
    }

    public static Task<ParticipantNames> LoadAsync(AppDbContext db, IReadOnlyCollection<Message> messages, CancellationToken ct) =>
        LoadAsync(db, messages.SelectMany(m => new[] { m.SenderId, m.ReceiverId }), ct);
}
