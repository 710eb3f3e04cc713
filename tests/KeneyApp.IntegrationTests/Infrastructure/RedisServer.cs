using System.Diagnostics;

namespace KeneyApp.IntegrationTests.Infrastructure;

/// <summary>
/// A real Redis server for the test run (Debian's redis-server, installed by test.sh): where the nodes of one
/// deployment keep their rate-limit counters. test.sh starts one and names it in <c>KENEYAPP_TEST_REDIS</c>
/// ("host:port"); without it, one is started here through <c>scripts/lib.sh</c>, by a shell that stops it when this
/// process ends.
/// </summary>
public static class RedisServer
{
    private static readonly Lazy<string> Instance = new(Start);

    /// <summary>The server's <c>REDIS_URL</c>.</summary>
    public static string Url => Instance.Value;

    private static string Start()
    {
        if (Environment.GetEnvironmentVariable("KENEYAPP_TEST_REDIS") is { Length: > 0 } given)
        {
            return "redis://" + given;
        }
        var script = $"cd \"{Repository.Root}\" && . scripts/lib.sh && redis_start >/dev/null && echo \"$REDIS_PORT\" && " +
            $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; redis_stop";
        var info = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        var process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start.");
        return int.TryParse(process.StandardOutput.ReadLine(), out var port)
            ? $"redis://127.0.0.1:{port}"
            : throw new InvalidOperationException("redis-server did not start: run ./test.sh (or apt-get install redis-server) first.");
    }
}
