using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace KeneyApp.IntegrationTests.Infrastructure;

/// <summary>
/// A test peer installed from npm into tools/ (maildev, s3rver), started for this test process when test.sh did not
/// start one: under a shell that ends it within a second of this process ending, however this process ends.
/// </summary>
public static class NodePeer
{
    /// <summary>Starts <paramref name="tool"/> with <paramref name="arguments"/> and waits up to 30 s until <paramref name="ready"/>.</summary>
    public static void Start(string tool, string arguments, Func<bool> ready, string cleanUp = "")
    {
        var bin = Path.Combine(Repository.Root, "tools", "node_modules", ".bin", tool);
        if (!File.Exists(bin))
        {
            throw new InvalidOperationException($"{bin} is missing: run ./test.sh (or `npm ci` in tools/) first.");
        }
        var watch = $"\"{bin}\" {arguments} >/dev/null 2>&1 & m=$!; " +
            $"while kill -0 {Environment.ProcessId} 2>/dev/null && kill -0 $m 2>/dev/null; do sleep 1; done; kill $m 2>/dev/null; {cleanUp}";
        var info = new ProcessStartInfo("/bin/sh");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(watch);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start.");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!ready())
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"{tool} did not become ready (exited: {process.HasExited}).");
            }
            Thread.Sleep(100);
        }
    }

    public static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static bool Listening(int port)
    {
        try
        {
            using var probe = new TcpClient();
            probe.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
