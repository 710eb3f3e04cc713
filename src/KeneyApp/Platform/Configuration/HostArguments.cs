namespace KeneyApp.Platform.Configuration;

public enum HostRole { All, Web, Worker }

/// <summary>
/// The product's own arguments (<c>--demo</c>, <c>--role X</c>, and commands such as <c>migrate</c>) are taken
/// out before the host sees the rest: ASP.NET Core would read <c>--demo --urls X</c> as <c>demo = "--urls"</c>.
/// </summary>
public sealed record HostArguments(bool Demo, HostRole Role, string? Command, IReadOnlyList<string> CommandArgs, string[] HostArgs)
{
    public static readonly string[] Commands = ["migrate", "create-tenant", "rotate-keys"];

    public static HostArguments Parse(string[] args)
    {
        var demo = false;
        var role = HostRole.All;
        string? command = null;
        var commandArgs = new List<string>();
        var host = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (command is not null)
            {
                commandArgs.Add(arg);
            }
            else if (arg == "--demo")
            {
                demo = true;
            }
            else if (arg == "--role" && i + 1 < args.Length)
            {
                role = Enum.TryParse<HostRole>(args[++i], ignoreCase: true, out var r) ? r
                    : throw new ArgumentException($"--role must be all, web or worker, not '{args[i]}'.");
            }
            else if (Commands.Contains(arg) && host.Count == 0)
            {
                command = arg;
            }
            else
            {
                host.Add(arg);
            }
        }
        return new(demo, role, command, commandArgs, [.. host]);
    }
}
