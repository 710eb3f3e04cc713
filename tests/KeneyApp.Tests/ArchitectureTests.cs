using System.Text.RegularExpressions;

namespace KeneyApp.Tests;

/// <summary>
/// A feature may use Platform/, never another feature's internals; Platform/ knows no feature. Checked on the
/// source so a new cross-reference fails the build's tests instead of showing up in review.
/// </summary>
public partial class ArchitectureTests
{
    private static readonly string Source = Path.Combine(RepoRoot(), "src", "KeneyApp");

    [Fact]
    public void Features_do_not_reach_into_other_features()
    {
        var offenders = new List<string>();
        foreach (var featureDir in Directory.GetDirectories(Path.Combine(Source, "Features")))
        {
            var feature = Path.GetFileName(featureDir);
            foreach (var file in SourceFiles(featureDir))
            {
                foreach (Match match in FeatureReference().Matches(File.ReadAllText(file)))
                {
                    if (FeatureOf(match) != feature)
                    {
                        offenders.Add($"{Path.GetRelativePath(Source, file)} → Features.{FeatureOf(match)}");
                    }
                }
            }
        }
        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
        Assert.NotEmpty(Directory.GetDirectories(Path.Combine(Source, "Features")));
    }

    [Fact]
    public void Platform_knows_no_feature()
    {
        var offenders = SourceFiles(Path.Combine(Source, "Platform"))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => FeatureReference().IsMatch(File.ReadAllText(f)) || File.ReadAllText(f).Contains("KeneyApp.Demo", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Source, f))
            .ToList();
        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
    }

    [Theory]
    [InlineData("using KeneyApp.Features.Messaging;", "Messaging")]
    [InlineData("global::KeneyApp.Features.Patients.X", "Patients")]
    [InlineData("Features.Messaging.MessageReader.Response(m, names, s, c);", "Messaging")]
    [InlineData("var x = (Features.Audit.Thing)y;", "Audit")]
    public void Every_form_of_a_feature_reference_is_caught(string code, string feature)
    {
        var match = FeatureReference().Match(code);
        Assert.True(match.Success, code);
        Assert.Equal(feature, FeatureOf(match));
    }

    [Theory]
    [InlineData("server?.Features.Get<IServerAddressesFeature>()")]
    [InlineData("http.Features.Get<IExceptionHandlerFeature>()")]
    [InlineData("var feature = 1;")]
    public void Member_accesses_named_features_are_not_references(string code) => Assert.False(FeatureReference().IsMatch(code), code);

    [Fact]
    public void Source_reads_time_from_TimeProvider_not_the_system_clock()
    {
        var offenders = Directory.GetFiles(Source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => SystemClock().IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(Source, f))
            .ToList();
        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
    }

    /// <summary>
    /// A reference to a feature however it is written: <c>KeneyApp.Features.X</c>, <c>global::…</c>, or a bare
    /// <c>Features.X</c> resolved from inside the KeneyApp namespace (but not a member access such as
    /// <c>server.Features.Get</c>).
    /// </summary>
    [GeneratedRegex(@"\bKeneyApp\.Features\.(\w+)|(?<![\w?.])Features\.(\w+)")]
    private static partial Regex FeatureReference();

    /// <summary>C# and Razor (pages are code too: a page may not reach into another feature either).</summary>
    private static IEnumerable<string> SourceFiles(string folder) =>
        Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories).Concat(Directory.GetFiles(folder, "*.razor", SearchOption.AllDirectories));

    private static string FeatureOf(Match match) => match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value;

    [GeneratedRegex(@"DateTime(Offset)?\.(Utc)?Now\b")]
    private static partial Regex SystemClock();

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "KeneyApp.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }
}
