using KeneyApp.Platform.Configuration;
using Microsoft.Extensions.Options;

namespace KeneyApp.Platform.Crypto;

/// <summary>
/// Finds the master key: <c>ENCRYPTION_KEY</c>, else the key file named by <c>Encryption:KeyFile</c>, else (never
/// in Production) the development key generated into <c>{data}/keys/master.key</c> with a warning. Production
/// never falls back to that generated file, even when an earlier development run left one behind.
/// </summary>
public static class MasterKeySource
{
    public static MasterKey Load(EncryptionOptions options, DataDirectory data, IHostEnvironment env, Action<string> warn)
    {
        if (!string.IsNullOrWhiteSpace(options.Key))
        {
            return MasterKey.FromBase64(options.Key);
        }
        if (!string.IsNullOrWhiteSpace(options.KeyFile))
        {
            return File.Exists(options.KeyFile)
                ? MasterKey.FromBase64(File.ReadAllText(options.KeyFile))
                : throw new OptionsValidationException(EncryptionOptions.Section, typeof(EncryptionOptions),
                    [$"Encryption:KeyFile names a file that does not exist ({options.KeyFile})."]);
        }
        if (env.IsProduction())
        {
            throw new OptionsValidationException(EncryptionOptions.Section, typeof(EncryptionOptions),
                ["Production needs an explicit master key: set ENCRYPTION_KEY (base64 of 32 random bytes) or Encryption:KeyFile."]);
        }
        var file = DefaultKeyFile(options, data);
        if (File.Exists(file))
        {
            return MasterKey.FromBase64(File.ReadAllText(file));
        }
        var key = MasterKey.Generate();
        WriteKeyFile(file, key);
        warn($"No master key configured: generated a development key into {file}. Set ENCRYPTION_KEY in production.");
        return key;
    }

    public static string DefaultKeyFile(EncryptionOptions options, DataDirectory data) =>
        string.IsNullOrWhiteSpace(options.KeyFile) ? Path.Combine(data.Sub("keys"), "master.key") : options.KeyFile;

    public static void WriteKeyFile(string file, MasterKey key)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        File.WriteAllText(file, key.ToBase64());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
