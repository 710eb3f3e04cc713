using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using KeneyApp.Platform.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KeneyApp.IntegrationTests.Infrastructure;

/// <summary>
/// One running app per test class, on SQLite or PostgreSQL. Logs in each demo account once and hands out
/// clients that carry its real bearer token.
/// </summary>
public abstract class AppFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, (TokenPair Tokens, DateTimeOffset IssuedAt)> _tokens = new();

    public KeneyAppFactory Factory { get; private set; } = null!;

    /// <summary>The database this fixture's app uses (a second node can share it).</summary>
    public string ConnectionString { get; private set; } = null!;

    protected abstract DatabaseProvider Provider { get; }

    /// <summary>Extra host settings for fixtures that test configuration.</summary>
    protected virtual IReadOnlyDictionary<string, string?>? Settings => null;

    /// <summary>Kestrel on a free port instead of the in-memory test server, and the real clock: for a real browser.</summary>
    protected virtual bool RealServer => false;

    /// <summary>Where a real browser reaches the app (fixtures with <see cref="RealServer"/> only).</summary>
    public string BaseUrl => Factory.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
        .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

    /// <summary>The client address the app sees (the test server has none of its own).</summary>
    protected virtual IPAddress? ClientAddress => null;

    private TempSqliteFile? _sqliteFile;

    /// <summary>Work before the host starts (a bucket to create, a peer to start).</summary>
    protected virtual Task BeforeStartAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        await BeforeStartAsync();
        _sqliteFile = Provider == DatabaseProvider.Sqlite ? new TempSqliteFile("keneyapp-it-") : null;
        ConnectionString = _sqliteFile is null
            ? await SharedPostgres.NewDatabaseAsync()
            : new SqliteConnectionStringBuilder { DataSource = _sqliteFile.Path }.ToString();
        Factory = new KeneyAppFactory(Provider, ConnectionString, Settings, ClientAddress, realClock: RealServer);
        if (RealServer)
        {
            Factory.UseKestrel(0);
        }
        Factory.CreateClient().Dispose(); // starts the host: migrations and demo data
    }

    public Task DisposeAsync()
    {
        Factory.Dispose();
        _sqliteFile?.Dispose();
        return Task.CompletedTask;
    }

    public HttpClient Anonymous() => Factory.CreateClient();

    public async Task<HttpClient> ClientFor(string email)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await TokensFor(email)).AccessToken);
        return client;
    }

    public HttpClient WithToken(string accessToken)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    public async Task<TokenPair> TokensFor(string email)
    {
        // Some tests move the clock: a cached token older than 10 minutes of fixture time is replaced.
        var now = Factory.Clock.GetUtcNow();
        if (_tokens.TryGetValue(email, out var cached) && now - cached.IssuedAt < TimeSpan.FromMinutes(10))
        {
            return cached.Tokens;
        }
        var tokens = await LoginAsync(email, KeneyAppFactory.DemoPassword);
        _tokens[email] = (tokens, now);
        return tokens;
    }

    public async Task<TokenPair> LoginAsync(string email, string password, string? otp = null)
    {
        using var client = Anonymous();
        var form = new Dictionary<string, string> { ["username"] = email, ["password"] = password };
        if (otp is not null)
        {
            form["otp"] = otp;
        }
        var response = await client.PostAsync("/api/v1/auth/login", new FormUrlEncodedContent(form));
        Assert.True(response.IsSuccessStatusCode, $"login of {email} answered {(int)response.StatusCode}");
        return (await response.Content.ReadFromJsonAsync<TokenPair>())!;
    }

    /// <summary>The key of every object in the app's document store: its folder's files (partial ones too) or its bucket's objects.</summary>
    public string[] StoredKeys() =>
        [.. Service(sp => sp.GetRequiredService<KeneyApp.Platform.Storage.IBlobStore>()).ListAsync(default).ToBlockingEnumerable().Select(o => o.Key).Order()];

    public T Service<T>(Func<IServiceProvider, T> use)
    {
        using var scope = Factory.Services.CreateScope();
        return use(scope.ServiceProvider);
    }

    /// <summary>The stored text of one row's columns, read with plain SQL (what an attacker with the database sees).</summary>
    public Task<List<string>> RawRowAsync(string sql) => Db<List<string>>(null, async db =>
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "no such row");
        return Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToList();
    });

    /// <summary>The first column of every row a plain SQL query answers (NULL as "").</summary>
    public Task<List<string>> RawColumnAsync(string sql) => Db<List<string>>(null, async db =>
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.IsDBNull(0) ? "" : reader.GetString(0));
        }
        return values;
    });

    /// <summary>Runs work against the database as the given tenant (null: no tenant in scope).</summary>
    public async Task<T> Db<T>(int? tenantId, Func<AppDbContext, Task<T>> work)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Use(tenantId);
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }
}

public sealed class SqliteApp : AppFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresApp : AppFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>The app on Kestrel, for browser tests.</summary>
public sealed class BrowserApp : AppFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override bool RealServer => true;
}

/// <summary>The app on Kestrel on PostgreSQL, for the browser's main flows on the production engine.</summary>
public sealed class BrowserAppOnPostgres : AppFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override bool RealServer => true;
}

/// <summary>The app on Kestrel with a 3-second idle limit, to see a live page sign itself out.</summary>
public sealed class BrowserAppWithShortIdle : AppFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override bool RealServer => true;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Ui:IdleMinutes"] = "0.05" };
}

/// <summary>An app whose documents go to a bucket of its own on the test run's S3-compatible server.</summary>
public abstract class S3AppFixture : AppFixture
{
    private Dictionary<string, string?> _settings = [];

    protected override IReadOnlyDictionary<string, string?> Settings => _settings;

    /// <summary>Settings beside the bucket's.</summary>
    protected virtual IReadOnlyDictionary<string, string?> MoreSettings => new Dictionary<string, string?>();

    protected override async Task BeforeStartAsync()
    {
        _settings = await S3Server.Shared.NewBucketAsync();
        foreach (var (key, value) in MoreSettings)
        {
            _settings[key] = value;
        }
    }
}

public sealed class SqliteS3App : S3AppFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresS3App : S3AppFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

public sealed record TokenPair(
    [property: System.Text.Json.Serialization.JsonPropertyName("access_token")] string AccessToken,
    [property: System.Text.Json.Serialization.JsonPropertyName("refresh_token")] string RefreshToken,
    [property: System.Text.Json.Serialization.JsonPropertyName("token_type")] string TokenType,
    [property: System.Text.Json.Serialization.JsonPropertyName("expires_in")] int ExpiresIn);
