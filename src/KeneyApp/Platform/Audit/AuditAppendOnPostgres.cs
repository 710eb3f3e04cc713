using Npgsql;
using NpgsqlTypes;

namespace KeneyApp.Platform.Audit;

/// <summary>
/// A batch of one chain's entries appended on PostgreSQL in one statement: the head moves from the sequence and
/// hash the entries were sealed after, and the entries go in, only together. If another writer (another node)
/// moved the head first, nothing is written; the caller then seals the batch again after the head as stored,
/// locked. Through EF Core the same append took a lock, a read, a batch and a commit, and its change tracking was
/// most of the app's CPU on a conversation read (bench/scenarios/messaging.sh).
/// </summary>
internal static class AuditAppendOnPostgres
{
    private const string Sql = """
        WITH head AS (
            UPDATE audit_heads SET sequence = @last_sequence, hash = @last_hash
            WHERE chain_id = @chain_id AND sequence = @previous_sequence AND hash = @previous_hash
            RETURNING chain_id
        )
        INSERT INTO audit_entries (tenant_id, key_id, sequence, occurred_at, user_id, user_role, action, resource_type,
            resource_id, outcome, client_ip, user_agent, correlation_id, details, previous_hash, hash)
        SELECT @tenant_id, @key_id, e.* FROM unnest(@sequence, @occurred_at, @user_id, @user_role, @action, @resource_type,
            @resource_id, @outcome, @client_ip, @user_agent, @correlation_id, @details, @entry_previous_hash, @hash) AS e
        WHERE EXISTS (SELECT 1 FROM head)
        """;

    /// <summary>
    /// The chain's head as stored (created at the genesis if the chain has none yet), locked until the caller's
    /// transaction ends.
    /// </summary>
    public static async Task<(long Sequence, string Hash)> LockHeadAsync(NpgsqlConnection connection, int chainId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO audit_heads (chain_id, sequence, hash) VALUES (@chain_id, 0, @genesis) ON CONFLICT (chain_id) DO NOTHING;
            SELECT sequence, hash FROM audit_heads WHERE chain_id = @chain_id FOR UPDATE;
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<int>("chain_id", chainId));
        command.Parameters.Add(new NpgsqlParameter<string>("genesis", AuditChain.Genesis));
        // The INSERT returns no result set: the reader starts at the SELECT's.
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), reader.GetString(1));
    }

    /// <summary>True if the entries (sealed after <paramref name="previous"/>) were written; false if the head had moved.</summary>
    public static async Task<bool> TryAppendAsync(NpgsqlConnection connection, int chainId, (long Sequence, string Hash) previous,
        IReadOnlyList<AuditEntry> entries, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(Sql, connection);
        var p = command.Parameters;
        var last = entries[^1];
        p.Add(new NpgsqlParameter<int>("chain_id", chainId));
        p.Add(new NpgsqlParameter<long>("previous_sequence", previous.Sequence));
        p.Add(new NpgsqlParameter<string>("previous_hash", previous.Hash));
        p.Add(new NpgsqlParameter<long>("last_sequence", last.Sequence));
        p.Add(new NpgsqlParameter<string>("last_hash", last.Hash));
        p.Add(new NpgsqlParameter("tenant_id", NpgsqlDbType.Integer) { Value = (object?)last.TenantId ?? DBNull.Value });
        p.Add(new NpgsqlParameter<int>("key_id", last.KeyId));
        p.Add(new NpgsqlParameter<long[]>("sequence", [.. entries.Select(e => e.Sequence)]));
        p.Add(new NpgsqlParameter<DateTime[]>("occurred_at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = [.. entries.Select(e => e.OccurredAt)] });
        p.Add(new NpgsqlParameter<int?[]>("user_id", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = [.. entries.Select(e => e.UserId)] });
        Texts(p, "user_role", entries, e => e.UserRole);
        Texts(p, "action", entries, e => e.Action);
        Texts(p, "resource_type", entries, e => e.ResourceType);
        Texts(p, "resource_id", entries, e => e.ResourceId);
        Texts(p, "outcome", entries, e => e.Outcome);
        Texts(p, "client_ip", entries, e => e.ClientIp);
        Texts(p, "user_agent", entries, e => e.UserAgent);
        Texts(p, "correlation_id", entries, e => e.CorrelationId);
        Texts(p, "details", entries, e => e.Details);
        Texts(p, "entry_previous_hash", entries, e => e.PreviousHash);
        Texts(p, "hash", entries, e => e.Hash);
        return await command.ExecuteNonQueryAsync(ct) == entries.Count;
    }

    private static void Texts(NpgsqlParameterCollection parameters, string name, IReadOnlyList<AuditEntry> entries, Func<AuditEntry, string?> field) =>
        parameters.Add(new NpgsqlParameter<string?[]>(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. entries.Select(field)] });
}
