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
            foreach (var file in Directory.GetFiles(featureDir, "*.cs", SearchOption.AllDirectories))
            {
                foreach (Match match in FeatureReference().Matches(File.ReadAllText(file)))
                {
                    if (match.Groups[1].Value != feature)
                    {
                        offenders.Add($"{Path.GetRelativePath(Source, file)} → Features.{match.Groups[1].Value}");
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
        var offenders = Directory.GetFiles(Path.Combine(Source, "Platform"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => FeatureReference().IsMatch(File.ReadAllText(f)) || File.ReadAllText(f).Contains("KeneyApp.Demo", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Source, f))
            .ToList();
        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
    }

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

    [GeneratedRegex(@"KeneyApp\.Features\.(\w+)")]
    private static partial Regex FeatureReference();

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
