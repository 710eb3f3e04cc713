using System.Data.Common;

namespace KeneyApp.Platform.Data;

/// <summary>
/// PostgreSQL ids for <see cref="IClientAssignedId"/> rows that the app inserts with its own SQL rather than
/// through EF Core: a block of <see cref="ClientAssignedIds.BlockSize"/> ids per sequence call, the same blocks EF
/// Core's hi-lo generator takes, so the two never hand out the same id. One per process.
/// </summary>
public sealed class ClientIdBlocks
{
    private readonly Lock _lock = new();
    private long _next;
    private long _end;

    public async ValueTask<long> NextAsync(DbConnection connection, CancellationToken ct)
    {
        lock (_lock)
        {
            if (_next < _end)
            {
                return _next++;
            }
        }
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT nextval('{ClientAssignedIds.Sequence}')";
        var low = Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        lock (_lock)
        {
            // Two requests may both find the block spent: the later one's block wins, the other's ids go unused.
            _next = low + 1;
            _end = low + ClientAssignedIds.BlockSize;
        }
        return low;
    }
}
