using System.Collections.Concurrent;

namespace KeneyApp.Platform.Ui;

/// <summary>
/// Tells a user's open pages that something of theirs changed (a message arrived), so they refresh without a
/// reload; the page then reads the change through its handler, as the user. Only a topic name travels here, never
/// data. Within this process: with several web nodes, a page on another node sees the change at its next action.
/// </summary>
public sealed class LiveUpdates(ILogger<LiveUpdates> logger)
{
    public const string Messages = "messages";

    private readonly ConcurrentDictionary<int, ConcurrentDictionary<Guid, Func<string, Task>>> _listeners = new();

    /// <summary>Calls <paramref name="onChange"/> with the topic whenever the user's data changes; dispose to stop.</summary>
    public IDisposable Subscribe(int userId, Func<string, Task> onChange)
    {
        var key = Guid.NewGuid();
        _listeners.GetOrAdd(userId, _ => new())[key] = onChange;
        return new Subscription(() =>
        {
            if (_listeners.TryGetValue(userId, out var listeners))
            {
                listeners.TryRemove(key, out _);
            }
        });
    }

    /// <summary>After the change has committed. Never waits for the pages, and a failing page harms no one.</summary>
    public void Publish(int userId, string topic)
    {
        if (!_listeners.TryGetValue(userId, out var listeners))
        {
            return;
        }
        foreach (var listener in listeners.Values)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await listener(topic);
                }
                catch (Exception e)
                {
                    logger.LogWarning(e, "A live page of user {UserId} could not refresh {Topic}", userId, topic);
                }
            });
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
