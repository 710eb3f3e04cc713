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
        if (!File.Exists("/usr/bin/redis-server"))
        {
            throw new InvalidOperationException("redis-server is missing: run ./test.sh (or apt-get install redis-server) first.");
        }
        return $"redis://127.0.0.1:{ScriptedPeer.Start("redis")}";
    }
}
