namespace KeneyApp.Platform.Configuration;

/// <summary>Warnings found while the host is being built (before logging exists), logged once it starts.</summary>
public sealed class StartupNotes
{
    private readonly List<string> _warnings = [];

    public IReadOnlyList<string> Warnings => _warnings;

    public void Warn(string message) => _warnings.Add(message);
}
