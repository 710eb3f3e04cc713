using Hangfire.AspNetCore;
using Hangfire.Logging;

namespace KeneyApp.Platform.Jobs;

/// <summary>
/// Hangfire's log provider is process-wide: the last host to start sets it. Where one process starts several hosts
/// (the tests' second nodes), a host disposed first would leave the others asking a disposed logger factory for
/// loggers, and their start would fail; here they get a silent logger instead. One host per process (production)
/// never meets that case.
/// </summary>
internal sealed class DisposalSafeLogProvider(ILoggerFactory loggers) : ILogProvider
{
    private readonly AspNetCoreLogProvider _inner = new(loggers);

    public ILog GetLogger(string name)
    {
        try
        {
            return _inner.GetLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return Silent.Instance;
        }
    }

    private sealed class Silent : ILog
    {
        public static readonly Silent Instance = new();

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
