using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Platform.Data;

/// <summary>
/// For the few hot paths that run their own SQL instead of EF Core's pipeline (each says why): the context's own
/// connection, opened for the work and closed after, so that it goes back to the pool with the context.
/// </summary>
public static class OwnSql
{
    public static async Task<T> WithConnectionAsync<T>(this AppDbContext db, Func<DbConnection, Task<T>> work, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            return await work(db.Database.GetDbConnection());
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public static Task WithConnectionAsync(this AppDbContext db, Func<DbConnection, Task> work, CancellationToken ct) =>
        db.WithConnectionAsync(async connection =>
        {
            await work(connection);
            return true;
        }, ct);

    public static DbParameter AddParameter<T>(this DbCommand command, string name, T value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value is null ? DBNull.Value : value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>A stored instant: UTC, whichever database gave it back (SQLite returns unspecified kinds).</summary>
    public static DateTime GetUtcDateTime(this DbDataReader reader, int ordinal) => DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);

    public static DateTime? GetUtcDateTimeOrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetUtcDateTime(ordinal);
}
