using KeneyApp.Platform.Crypto;
using KeneyApp.Platform.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KeneyApp.Tests.Platform.Crypto;

/// <summary>A key ring over a real (in-memory) SQLite database holding the wrapped tenant keys.</summary>
internal sealed class TestKeyRing : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly ServiceProvider _services;

    public TestKeyRing(MasterKey? master = null)
    {
        _connection.Open();
        Master = master ?? MasterKey.Generate();
        _services = new ServiceCollection()
            .AddSingleton(Master)
            .AddSingleton(TimeProvider.System)
            .AddDbContext<AppDbContext, SqliteAppDbContext>(o => DataSetup.Sqlite(o, "Data Source=unused").UseSqlite(_connection))
            .AddSingleton<KeyRing>()
            .AddSingleton<FieldEncryptor>()
            .AddHttpContextAccessor()
            .AddScoped<KeneyApp.Platform.Security.CallerPrincipal>().AddScoped<KeneyApp.Platform.Security.CurrentUser>()
            .BuildServiceProvider();
        using var scope = _services.CreateScope();
        scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.Migrate();
    }

    public MasterKey Master { get; }
    public IServiceProvider Services => _services;
    public KeyRing Keys => _services.GetRequiredService<KeyRing>();
    public FieldEncryptor Encryptor => _services.GetRequiredService<FieldEncryptor>();

    public T InScope<T>(Func<AppDbContext, T> work)
    {
        using var scope = _services.CreateScope();
        return work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    /// <summary>A second ring over the same database, as another process (or a restart) would have.</summary>
    public KeyRing FreshRing(MasterKey master) => new(master, _services.GetRequiredService<IServiceScopeFactory>(), TimeProvider.System);

    /// <summary>The database goes away: from now on only what a ring holds in memory answers.</summary>
    public void CloseDatabase() => _connection.Close();

    public void Dispose()
    {
        _services.Dispose();
        _connection.Dispose();
    }
}
