using KeneyApp.Platform.Configuration;
using Npgsql;

namespace KeneyApp.Platform.Data;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>
/// Which database: PostgreSQL when <c>DATABASE_URL</c> (a <c>postgres://</c> URL or an Npgsql connection string)
/// or <c>ConnectionStrings:Postgres</c> is set, else the SQLite file <c>{data}/keneyapp.db</c>.
/// </summary>
public sealed record DatabaseOptions(DatabaseProvider Provider, string ConnectionString, bool MigrateOnStartup)
{
    public static DatabaseOptions From(IConfiguration configuration, DataDirectory data)
    {
        var migrate = configuration.GetValue("Database:MigrateOnStartup", true);
        var url = configuration["DATABASE_URL"];
        if (!string.IsNullOrWhiteSpace(url))
        {
            return url.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase)
                ? new(DatabaseProvider.Sqlite, "Data Source=" + SqlitePath(url["sqlite:".Length..]), migrate)
                : new(DatabaseProvider.Postgres, ToNpgsql(url), migrate);
        }
        var postgres = configuration.GetConnectionString("Postgres");
        if (!string.IsNullOrWhiteSpace(postgres))
        {
            return new(DatabaseProvider.Postgres, postgres, migrate);
        }
        var sqlite = configuration.GetConnectionString("Sqlite");
        return new(DatabaseProvider.Sqlite,
            string.IsNullOrWhiteSpace(sqlite) ? $"Data Source={Path.Combine(data.Path, "keneyapp.db")}" : sqlite, migrate);
    }

    /// <summary><c>sqlite:relative.db</c>, <c>sqlite://relative.db</c> or <c>sqlite:///absolute/path.db</c>.</summary>
    private static string SqlitePath(string rest) => rest.StartsWith("///", StringComparison.Ordinal) ? rest[2..] : rest.TrimStart('/');

    /// <summary>Accepts <c>postgres://user:pass@host:port/db?sslmode=require</c> as well as a plain Npgsql string.</summary>
    public static string ToNpgsql(string url)
    {
        if (!url.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) && !url.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return url;
        }
        var uri = new Uri(url);
        var userInfo = uri.UserInfo.Split(':', 2);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
            Username = Uri.UnescapeDataString(userInfo[0]),
        };
        if (userInfo.Length > 1)
        {
            builder.Password = Uri.UnescapeDataString(userInfo[1]);
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            if (kv[0].Equals("sslmode", StringComparison.OrdinalIgnoreCase) && kv.Length == 2
                && Enum.TryParse<SslMode>(kv[1], ignoreCase: true, out var mode))
            {
                builder.SslMode = mode;
            }
        }
        return builder.ConnectionString;
    }
}
