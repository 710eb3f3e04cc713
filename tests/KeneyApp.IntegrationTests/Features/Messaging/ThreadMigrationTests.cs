using KeneyApp.IntegrationTests.Infrastructure;
using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KeneyApp.IntegrationTests.Features.Messaging;

/// <summary>
/// The ThreadIsItsFirstMessage migration on a database written with thread rows: each message's thread becomes
/// its thread's first message, including where old thread ids and message ids overlap, and rolling it back gives
/// the threads their rows again.
/// </summary>
public sealed class ThreadMigrationTests
{
    private const string Before = "ConversationIndex";

    // Thread 900 starts with message 901, thread 901 with message 900: renaming in place, row by row, would mix them up.
    // Thread 902 has no message that answers nothing (the app never wrote such a thread): it takes its lowest id.
    private const string OldThreads = """
        INSERT INTO tenants (id, name, slug, default_timezone, default_language, is_active, created_at, updated_at)
        VALUES (1, 'Clinique', 'clinique', 'Europe/Paris', 'fr', TRUE, '2026-01-01 00:00:00', '2026-01-01 00:00:00');
        INSERT INTO users (id, tenant_id, email, normalized_email, username, normalized_username, full_name, role, password_hash,
            is_active, is_locked, access_failed_count, mfa_enabled, preferred_language, created_at, updated_at)
        VALUES (1, 1, 'a@x.test', 'A@X.TEST', 'a', 'A', 'A', 'doctor', 'x', TRUE, FALSE, 0, FALSE, 'fr', '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
               (2, 1, 'b@x.test', 'B@X.TEST', 'b', 'B', 'B', 'patient', 'x', TRUE, FALSE, 0, FALSE, 'fr', '2026-01-01 00:00:00', '2026-01-01 00:00:00');
        INSERT INTO message_threads (id, tenant_id, created_at)
        VALUES (900, 1, '2026-01-02 00:00:00'), (901, 1, '2026-01-03 00:00:00'), (902, 1, '2026-01-04 00:00:00');
        INSERT INTO messages (id, tenant_id, thread_id, sender_id, receiver_id, reply_to_id, content_encrypted, status, is_urgent,
            created_at, deleted_by_sender, deleted_by_receiver)
        VALUES (901, 1, 900, 1, 2, NULL, 'c', 'Sent', FALSE, '2026-01-02 00:00:00', FALSE, FALSE),
               (902, 1, 900, 2, 1, 901, 'c', 'Sent', FALSE, '2026-01-02 01:00:00', FALSE, FALSE),
               (903, 1, 900, 1, 2, 902, 'c', 'Sent', FALSE, '2026-01-02 02:00:00', FALSE, FALSE),
               (900, 1, 901, 2, 1, NULL, 'c', 'Sent', FALSE, '2026-01-03 00:00:00', FALSE, FALSE),
               (904, 1, 901, 1, 2, 900, 'c', 'Sent', FALSE, '2026-01-03 01:00:00', FALSE, FALSE),
               (906, 1, 902, 1, 2, 901, 'c', 'Sent', FALSE, '2026-01-04 01:00:00', FALSE, FALSE),
               (905, 1, 902, 2, 1, 904, 'c', 'Sent', FALSE, '2026-01-04 00:00:00', FALSE, FALSE);
        """;

    public static TheoryData<string> Databases() => new() { "sqlite", "postgres" };

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task Threads_are_renamed_after_their_first_message_and_come_back_on_rollback(string database)
    {
        using var sqliteFile = new TempSqliteFile("keneyapp-threads-"); // disposed last, after the context
        await using var db = await ContextAsync(database, sqliteFile.Path);
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(Before);
        await db.Database.ExecuteSqlRawAsync(OldThreads);

        await db.Database.MigrateAsync();
        Assert.Equal("900:900 901:901 902:901 903:901 904:900 905:905 906:905", await ThreadsAsync(db, "SELECT id, thread_id FROM messages ORDER BY id"));

        await migrator.MigrateAsync(Before);
        Assert.Equal("900:1 901:1 905:1", await ThreadsAsync(db, "SELECT id, tenant_id FROM message_threads ORDER BY id"));
    }

    private static async Task<AppDbContext> ContextAsync(string database, string sqliteFile)
    {
        if (database == "postgres")
        {
            var builder = new DbContextOptionsBuilder<PostgresAppDbContext>();
            DataSetup.Postgres(builder, await SharedPostgres.NewDatabaseAsync());
            return new PostgresAppDbContext(builder.Options);
        }
        var sqlite = new DbContextOptionsBuilder<SqliteAppDbContext>();
        DataSetup.Sqlite(sqlite, $"Data Source={sqliteFile}");
        return new SqliteAppDbContext(sqlite.Options);
    }

    /// <summary>Two integer columns as "a:b" pairs, space-separated.</summary>
    private static Task<string> ThreadsAsync(AppDbContext db, string sql) => db.WithConnectionAsync(async connection =>
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var pairs = new List<string>();
        while (await reader.ReadAsync())
        {
            pairs.Add($"{reader.GetInt32(0)}:{reader.GetInt32(1)}");
        }
        return string.Join(' ', pairs);
    }, CancellationToken.None);
}
