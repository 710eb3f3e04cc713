using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Platform.Data;

/// <summary>
/// Marks an entity whose <c>Id</c>, on PostgreSQL, the app takes from a shared sequence a block at a time (EF
/// Core's hi-lo), so that rows which refer to each other (a message and its outbox row) are inserted in
/// one batch instead of one round trip each, waiting for the previous id. Add such entities with <c>AddAsync</c>:
/// fetching a new block is a query, and multiplexed connections allow no synchronous one. SQLite keeps its own
/// row ids (its round trips cost nothing, and it has no sequences). Ids stay unique but are not dense.
/// </summary>
public interface IClientAssignedId;

public static class ClientAssignedIds
{
    public const string Sequence = "client_assigned_ids";

    /// <summary>Ids per block: one sequence call per this many inserts, per process.</summary>
    public const int BlockSize = 100;

    /// <summary>PostgreSQL model only: the sequence, and hi-lo ids for every <see cref="IClientAssignedId"/>.</summary>
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.HasSequence<long>(Sequence).IncrementsBy(BlockSize);
        foreach (var type in modelBuilder.Model.GetEntityTypes().Where(t => typeof(IClientAssignedId).IsAssignableFrom(t.ClrType)).ToList())
        {
            modelBuilder.Entity(type.ClrType).Property("Id").UseHiLo(Sequence);
        }
    }
}
