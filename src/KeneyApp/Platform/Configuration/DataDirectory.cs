namespace KeneyApp.Platform.Configuration;

/// <summary>The folder of the embedded defaults (SQLite file, documents, keys, mail outbox).</summary>
public sealed class DataDirectory(string path)
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public static DataDirectory From(IConfiguration configuration) =>
        new(configuration["KENEYAPP_DATA_DIR"] is { Length: > 0 } dir ? dir : System.IO.Path.Combine(Directory.GetCurrentDirectory(), "data"));

    public string Sub(string name)
    {
        var dir = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(dir);
        return dir;
    }
}
