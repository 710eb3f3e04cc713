using System.Security.Cryptography;
using System.Text;
using KeneyApp.Platform.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace KeneyApp.Platform.Security;

/// <summary>The JWT signing key: configured (≥ 256 bits), else outside Production one generated into <c>{data}/keys/jwt.key</c>.</summary>
public static class SigningKeySource
{
    public static SymmetricSecurityKey Load(JwtOptions options, DataDirectory data, IHostEnvironment env)
    {
        if (!string.IsNullOrEmpty(options.SigningKey))
        {
            var bytes = Encoding.UTF8.GetBytes(options.SigningKey);
            return bytes.Length >= JwtOptions.MinimumKeyBytes
                ? new SymmetricSecurityKey(bytes)
                : throw Invalid("JWT_SIGNING_KEY must be at least 256 bits (32 bytes).");
        }
        if (env.IsProduction())
        {
            throw Invalid("Production needs JWT_SIGNING_KEY (at least 256 bits).");
        }
        var file = Path.Combine(data.Sub("keys"), "jwt.key");
        if (!File.Exists(file))
        {
            File.WriteAllText(file, Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        return new SymmetricSecurityKey(Convert.FromBase64String(File.ReadAllText(file).Trim()));
    }

    private static OptionsValidationException Invalid(string message) =>
        new(JwtOptions.Section, typeof(JwtOptions), [message]);
}
