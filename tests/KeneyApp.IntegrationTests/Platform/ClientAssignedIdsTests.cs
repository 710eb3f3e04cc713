using KeneyApp.IntegrationTests.Infrastructure;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KeneyApp.IntegrationTests.Platform;

/// <summary>Hi-lo ids on PostgreSQL (ClientAssignedIds) against a database written before they existed.</summary>
public sealed class ClientAssignedIdsTests
{
    [Fact]
    public async Task Upgrading_a_database_that_holds_messages_hands_out_ids_above_the_existing_ones()
    {
        var builder = new DbContextOptionsBuilder<PostgresAppDbContext>();
        DataSetup.Postgres(builder, await SharedPostgres.NewDatabaseAsync());
        await using (var db = new PostgresAppDbContext(builder.Options))
        {
            await db.GetService<IMigrator>().MigrateAsync("Messaging");
            // Identity ids as the previous schema gave them; the thread's id is the highest of the three tables.
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO message_threads (id, tenant_id, created_at) VALUES (500, 1, now());
                INSERT INTO outbox_messages (id, tenant_id, type, payload, created_at, attempts) VALUES (70, 1, 'new_message', '[]', now(), 0);
                """);
            await db.Database.MigrateAsync();
        }
        await using (var db = new PostgresAppDbContext(builder.Options))
        {
            // Threads are gone from the current schema, but the sequence started above their ids too.
            var outbox = new OutboxMessage { TenantId = 1, Type = OutboxTypes.NewMessage, Payload = "{}" };
            await db.AddAsync(outbox);
            Assert.True(outbox.Id > 500, $"outbox id {outbox.Id}");
            await db.SaveChangesAsync();
        }
    }

    [Fact]
    public async Task Rolling_the_migration_back_moves_identity_past_the_hi_lo_ids()
    {
        var builder = new DbContextOptionsBuilder<PostgresAppDbContext>();
        DataSetup.Postgres(builder, await SharedPostgres.NewDatabaseAsync());
        await using var db = new PostgresAppDbContext(builder.Options);
        await db.Database.MigrateAsync();
        var outbox = new OutboxMessage { TenantId = 1, Type = OutboxTypes.NewMessage, Payload = "{}" };
        await db.AddAsync(outbox);
        await db.SaveChangesAsync();

        await db.GetService<IMigrator>().MigrateAsync("Messaging");
        var identityId = await db.Database
            .SqlQueryRaw<long>("INSERT INTO outbox_messages (tenant_id, type, payload, created_at, attempts) VALUES (1, 'new_message', '[]', now(), 0) RETURNING id AS \"Value\"")
            .ToListAsync();
        Assert.True(identityId.Single() > outbox.Id, $"identity {identityId.Single()} after hi-lo {outbox.Id}");
    }
}
