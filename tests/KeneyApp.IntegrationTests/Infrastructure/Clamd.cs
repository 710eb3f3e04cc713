using KeneyApp.Platform.Data;

namespace KeneyApp.IntegrationTests.Infrastructure;

/// <summary>
/// A real virus scanner for the test run: clamd (Debian's clamav-daemon, installed by test.sh) with a signature
/// database that knows the EICAR test file. test.sh starts one and names it in <c>KENEYAPP_TEST_CLAMAV</c>
/// ("host:port"); without it, one is started here through <c>scripts/lib.sh</c>, by a shell that stops it when this
/// process ends.
/// </summary>
public static class Clamd
{
    private static readonly Lazy<(string Host, int Port)> Instance = new(Start);

    public static (string Host, int Port) Shared => Instance.Value;

    /// <summary>The EICAR anti-virus test file: harmless, and detected by every scanner.</summary>
    public static byte[] Eicar => System.Text.Encoding.ASCII.GetBytes(@"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*");

    private static (string, int) Start()
    {
        if (Environment.GetEnvironmentVariable("KENEYAPP_TEST_CLAMAV") is { Length: > 0 } given)
        {
            var parts = given.Split(':');
            return (parts[0], int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
        }
        if (!File.Exists("/usr/sbin/clamd"))
        {
            throw new InvalidOperationException("clamd is missing: run ./test.sh (or apt-get install clamav-daemon) first.");
        }
        return ("127.0.0.1", ScriptedPeer.Start("clamd"));
    }
}

/// <summary>The app scanning uploads with the test run's clamd, set as an operator would.</summary>
public abstract class AppWithClamAv : AppFixture
{
    protected virtual int ClamAvPort => Clamd.Shared.Port;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["CLAMAV_HOST"] = Clamd.Shared.Host,
        ["CLAMAV_PORT"] = ClamAvPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

public sealed class SqliteAppWithClamAv : AppWithClamAv
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresAppWithClamAv : AppWithClamAv
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>Scanning configured, and the scanner down (a port where nothing listens).</summary>
public sealed class SqliteAppWithClamAvDown : AppWithClamAv
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override int ClamAvPort => 1; // tcpmux: nothing listens there
}

/// <summary>
/// Scanning configured, and a clamd that fails mid-file: it accepts the connection, then either stops reading
/// (hung: the upload's writes block once the socket's buffers are full) or reads a little and hangs up.
/// </summary>
public abstract class AppWithFailingClamAv : AppFixture, IDisposable
{
    private readonly System.Net.Sockets.TcpListener _listener = new(System.Net.IPAddress.Loopback, 0);
    private readonly List<System.Net.Sockets.Socket> _held = [];

    protected abstract bool HangsUp { get; }

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["CLAMAV_HOST"] = "127.0.0.1",
        ["CLAMAV_PORT"] = ((System.Net.IPEndPoint)_listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["ClamAv:TimeoutSeconds"] = "2",
    };

    protected override Task BeforeStartAsync()
    {
        _listener.Start();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync();
                socket.ReceiveBufferSize = 4096;
                lock (_held)
                {
                    _held.Add(socket);
                }
                if (HangsUp)
                {
                    var buffer = new byte[64 * 1024];
                    var received = 0;
                    while (received < 256 * 1024 && await socket.ReceiveAsync(buffer) is > 0 and var read)
                    {
                        received += read;
                    }
                    socket.Close();
                }
            }
        });
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _listener.Stop();
        lock (_held)
        {
            _held.ForEach(s => s.Dispose());
        }
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteAppWithHungClamAv : AppWithFailingClamAv
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
    protected override bool HangsUp => false;
}

public sealed class SqliteAppWithClamAvHangingUp : AppWithFailingClamAv
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
    protected override bool HangsUp => true;
}
