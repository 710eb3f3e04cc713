using System.Collections.Concurrent;
using StackExchange.Redis;

namespace KeneyApp.Platform.Ui;

/// <summary>
/// Tells a user's open pages that something of theirs changed (a message arrived), so they refresh without a
/// reload; the page then reads the change through its handler, as the user. Only a user id and a topic name travel
/// here, never data. This node's pages are told at once; with <c>REDIS_URL</c>, the other nodes' pages too, through
/// <see cref="LiveUpdatesRelay"/> (without it, a page on another node sees the change at its next action).
/// </summary>
public sealed class LiveUpdates(ILogger<LiveUpdates> logger, IConnectionMultiplexer? redis = null)
{
    public const string Messages = "messages";

    internal static readonly RedisChannel Channel = RedisChannel.Literal("keneyapp:live-updates");

    /// <summary>This node, so that it does not tell its own pages twice.</summary>
    internal Guid Node { get; } = Guid.NewGuid();

    private sealed record Listener(Func<string, Task> OnChange, ExecutionContext? Context);

    private readonly ConcurrentDictionary<int, ConcurrentDictionary<Guid, Listener>> _listeners = new();

    /// <summary>
    /// Calls <paramref name="onChange"/> with the topic whenever the user's data changes; dispose to stop. It runs in
    /// the subscribing page's own context (its culture), never in the context of whoever made the change: their
    /// request, language and client address must not leak into the receiver's page or its audit entries.
    /// </summary>
    public IDisposable Subscribe(int userId, Func<string, Task> onChange)
    {
        var key = Guid.NewGuid();
        _listeners.GetOrAdd(userId, _ => new())[key] = new Listener(onChange, ExecutionContext.Capture());
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
        Deliver(userId, topic);
        // Fire and forget: a Redis away for a moment costs the other nodes' pages a live refresh, never the change.
        redis?.GetSubscriber().Publish(Channel, $"{Node:N}:{userId}:{topic}", CommandFlags.FireAndForget);
    }

    /// <summary>Tells this node's open pages of the user.</summary>
    internal void Deliver(int userId, string topic)
    {
        if (!_listeners.TryGetValue(userId, out var listeners))
        {
            return;
        }
        // Nothing of the publisher's context flows to the listeners.
        using var suppressed = ExecutionContext.SuppressFlow();
        foreach (var listener in listeners.Values)
        {
            _ = Task.Run(() =>
            {
                if (listener.Context is null)
                {
                    return NotifyAsync(listener, userId, topic);
                }
                Task? notified = null;
                ExecutionContext.Run(listener.Context.CreateCopy(), _ => notified = NotifyAsync(listener, userId, topic), null);
                return notified!;
            });
        }
    }

    private async Task NotifyAsync(Listener listener, int userId, string topic)
    {
        try
        {
            await listener.OnChange(topic);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "A live page of user {UserId} could not refresh {Topic}", userId, topic);
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
