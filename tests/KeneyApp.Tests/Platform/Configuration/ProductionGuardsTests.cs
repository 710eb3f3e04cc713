using KeneyApp.Platform.Configuration;
using KeneyApp.Platform.Crypto;
using KeneyApp.Platform.Security;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KeneyApp.Tests.Platform.Configuration;

/// <summary>Production never runs on generated keys or a short JWT key; development generates them once and reuses them.</summary>
public sealed class ProductionGuardsTests : IDisposable
{
    private readonly DataDirectory _data = new(Directory.CreateTempSubdirectory("keneyapp-guards-").FullName);

    [Fact]
    public void Production_refuses_to_start_without_a_master_key()
    {
        var error = Assert.Throws<OptionsValidationException>(() => MasterKeySource.Load(new EncryptionOptions(), _data, Env("Production"), _ => { }));
        Assert.Contains("ENCRYPTION_KEY", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_data.Path, "keys", "master.key")));
    }

    [Fact]
    public void Production_never_falls_back_to_a_development_key_left_in_the_data_folder()
    {
        MasterKeySource.Load(new EncryptionOptions(), _data, Env("Development"), _ => { });
        Assert.True(File.Exists(Path.Combine(_data.Path, "keys", "master.key")));
        var error = Assert.Throws<OptionsValidationException>(() => MasterKeySource.Load(new EncryptionOptions(), _data, Env("Production"), _ => { }));
        Assert.Contains("ENCRYPTION_KEY", error.Message, StringComparison.Ordinal);
        // A key file the operator names explicitly is a production key; a missing one is an error, not a fresh key.
        var named = Path.Combine(_data.Path, "named.key");
        var key = MasterKey.Generate();
        MasterKeySource.WriteKeyFile(named, key);
        Assert.Equal(key.Id, MasterKeySource.Load(new EncryptionOptions { KeyFile = named }, _data, Env("Production"), _ => { }).Id);
        Assert.Throws<OptionsValidationException>(() => MasterKeySource.Load(new EncryptionOptions { KeyFile = named + ".missing" }, _data, Env("Development"), _ => { }));
    }

    [Fact]
    public void Production_refuses_a_missing_or_short_jwt_key_and_accepts_256_bits()
    {
        Assert.Throws<OptionsValidationException>(() => SigningKeySource.Load(new JwtOptions(), _data, Env("Production")));
        Assert.Throws<OptionsValidationException>(() => SigningKeySource.Load(new JwtOptions { SigningKey = new string('k', 31) }, _data, Env("Production")));
        Assert.Equal(32, SigningKeySource.Load(new JwtOptions { SigningKey = new string('k', 32) }, _data, Env("Production")).Key.Length);
    }

    [Fact]
    public void A_configured_master_key_is_used_and_a_malformed_one_is_refused()
    {
        var key = MasterKey.Generate();
        Assert.Equal(key.Id, MasterKeySource.Load(new EncryptionOptions { Key = key.ToBase64() }, _data, Env("Production"), _ => { }).Id);
        Assert.Throws<ArgumentException>(() => MasterKeySource.Load(new EncryptionOptions { Key = "c2hvcnQ=" }, _data, Env("Production"), _ => { }));
        Assert.Throws<ArgumentException>(() => MasterKeySource.Load(new EncryptionOptions { Key = "%%%" }, _data, Env("Production"), _ => { }));
    }

    [Fact]
    public void Development_generates_keys_once_with_a_warning_and_reuses_them()
    {
        var warnings = new List<string>();
        var first = MasterKeySource.Load(new EncryptionOptions(), _data, Env("Development"), warnings.Add);
        var second = MasterKeySource.Load(new EncryptionOptions(), _data, Env("Development"), warnings.Add);
        Assert.Equal(first.Id, second.Id);
        Assert.Single(warnings);
        var file = Path.Combine(_data.Path, "keys", "master.key");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
        var jwt1 = SigningKeySource.Load(new JwtOptions(), _data, Env("Development"));
        var jwt2 = SigningKeySource.Load(new JwtOptions(), _data, Env("Development"));
        Assert.Equal(jwt1.Key, jwt2.Key);
        Assert.True(jwt1.Key.Length >= 32);
    }

    [Fact]
    public void The_development_key_goes_to_the_data_folder_and_its_warning_says_where_and_what_production_needs()
    {
        var warnings = new List<string>();
        MasterKeySource.Load(new EncryptionOptions(), _data, Env("Development"), warnings.Add);
        var file = Path.Combine(_data.Path, "keys", "master.key");
        Assert.Equal(file, MasterKeySource.DefaultKeyFile(new EncryptionOptions(), _data));
        Assert.Contains(file, warnings.Single(), StringComparison.Ordinal);
        Assert.Contains("ENCRYPTION_KEY", warnings.Single(), StringComparison.Ordinal);
        Assert.Equal("/etc/keneyapp/master.key", MasterKeySource.DefaultKeyFile(new EncryptionOptions { KeyFile = "/etc/keneyapp/master.key" }, _data));
    }

    [Fact]
    public void A_key_file_is_written_into_a_folder_made_for_it_and_a_missing_one_is_named_in_the_error()
    {
        var file = Path.Combine(_data.Path, "new", "folder", "master.key");
        MasterKeySource.WriteKeyFile(file, MasterKey.Generate());
        Assert.True(File.Exists(file));
        var missing = Path.Combine(_data.Path, "nowhere.key");
        var error = Assert.Throws<OptionsValidationException>(() => MasterKeySource.Load(new EncryptionOptions { KeyFile = missing }, _data, Env("Production"), _ => { }));
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_master_key_is_refused_with_what_a_key_must_be()
    {
        Assert.Contains("32 bytes", Assert.Throws<ArgumentException>(() => MasterKey.FromBase64("c2hvcnQ=")).Message, StringComparison.Ordinal);
        Assert.Contains("not valid base64", Assert.Throws<ArgumentException>(() => MasterKey.FromBase64("%%%")).Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_data.Path, recursive: true);

    private static TestEnvironment Env(string name) => new TestEnvironment { EnvironmentName = name };

    private sealed class TestEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "";
        public string ApplicationName { get; set; } = "KeneyApp";
        public string ContentRootPath { get; set; } = "/";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
