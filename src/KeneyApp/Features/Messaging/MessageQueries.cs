namespace KeneyApp.Features.Messaging;

/// <summary>The caller's side of the mailbox: messages it sent or received and has not deleted.</summary>
internal static class MessageQueries
{
    public static IQueryable<Message> VisibleTo(this IQueryable<Message> messages, int userId) =>
        messages.Where(m => (m.SenderId == userId && !m.DeletedBySender) || (m.ReceiverId == userId && !m.DeletedByReceiver));

    public static string Ids(IEnumerable<Message> messages) => "ids=" + string.Join(',', messages.Select(m => m.Id));
}
