using Microsoft.EntityFrameworkCore;

namespace KeneyApp.IntegrationTests.Infrastructure;

/// <summary>
/// Rewrites audit rows as someone with full rights on the database could: past the triggers that refuse it
/// (switched off for the statement on PostgreSQL, dropped and put back on SQLite). What the chain then detects
/// is what such an attacker cannot hide.
/// </summary>
public static class AuditTamper
{
    public static Task RunAsync(AppFixture app, FormattableString sql) => app.Db<int>(null, async db =>
    {
        if (db.Database.IsNpgsql())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            await db.Database.ExecuteSqlRawAsync("SET LOCAL session_replication_role = replica");
            await db.Database.ExecuteSqlAsync(sql);
            await tx.CommitAsync();
            return 0;
        }
        var triggers = await db.Database.SqlQueryRaw<string>(
            "SELECT sql AS \"Value\" FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('audit_entries', 'audit_heads')").ToListAsync();
        var names = await db.Database.SqlQueryRaw<string>(
            "SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('audit_entries', 'audit_heads')").ToListAsync();
        foreach (var name in names)
        {
#pragma warning disable EF1003 // a trigger name read from sqlite_master just above; DDL takes no parameters
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER " + name);
#pragma warning restore EF1003
        }
        await db.Database.ExecuteSqlAsync(sql);
        foreach (var trigger in triggers)
        {
            await db.Database.ExecuteSqlRawAsync(trigger);
        }
        return 0;
    });
}
