using System.Diagnostics;

namespace KeneyApp.IntegrationTests.Infrastructure;

/// <summary>
/// A test peer that <c>scripts/lib.sh</c> knows how to run (clamd, redis), started for this test process when test.sh
/// did not start one: <c>{name}_start</c> under a shell that calls <c>{name}_stop</c> once this process has ended.
/// </summary>
public static class ScriptedPeer
{
    /// <summary>Starts the peer and answers the port it listens on (<c>${NAME}_PORT</c>).</summary>
    public static int Start(string name)
    {
        var script = $"cd \"{Repository.Root}\" && . scripts/lib.sh && {name}_start >/dev/null && echo \"${name.ToUpperInvariant()}_PORT\" && " +
            $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; {name}_stop";
        var info = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{name} did not start.");
        return int.TryParse(process.StandardOutput.ReadLine(), out var port) ? port : throw new InvalidOperationException($"{name} did not start.");
    }
}
