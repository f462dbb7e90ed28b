using System.Diagnostics;
using System.Text.Json;
using ConfLint.Tests.Rules;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Fixes;

/// <summary>
/// Every rule's fix against its fixtures, through the command line: a bad fixture gets a fix of its rule unless its
/// EXPECTED file says why not (the diffs are in the rule's golden file, <see cref="Rules.RuleGoldenTests"/>); applying
/// the fixes answers the fixture's findings, and a second run changes nothing; good fixtures get no fix for their
/// rule. The demo's diff, all rules at once, is a golden file of its own.
/// </summary>
public class FixFixtureTests
{
    public static TheoryData<string, string> BadCases() => Cases("bad-");

    public static TheoryData<string, string> GoodCases() => Cases("good-");

    private static TheoryData<string, string> Cases(string prefix)
    {
        var data = new TheoryData<string, string>();
        foreach (var (code, name) in RuleFixtures.All().Where(c => c.Case.StartsWith(prefix, StringComparison.Ordinal)))
        {
            data.Add(code, name);
        }

        return data;
    }

    /// <summary>A bad fixture whose findings have no fix says why in its EXPECTED file (<c>no-fix: REASON</c>).</summary>
    [Theory]
    [MemberData(nameof(BadCases))]
    public void Dry_run_fixes_a_bad_fixture_unless_it_says_why_not(string code, string name)
    {
        var output = CliRunner.Run("fix", "--dry-run", "--unsafe-fixes", "--select", RuleFixtures.Select(code, name), "--root", RuleFixtures.Folder(code, name));
        var fixable = RuleFixtures.NoFix(code, name) is null;
        Assert.Equal(output.Stdout.Length > 0 ? 1 : 0, output.ExitCode);
        if (fixable)
        {
            Assert.Contains($"# fixes {code} (", output.Stdout);
        }
        else
        {
            Assert.DoesNotContain($"# fixes {code} (", output.Stdout);
        }
    }

    [Theory]
    [MemberData(nameof(BadCases))]
    public void Fixing_answers_the_findings_and_a_second_run_changes_nothing(string code, string name)
    {
        using var tree = new TempTree().CopyFrom(RuleFixtures.Folder(code, name));
        var first = CliRunner.Run("fix", "--unsafe-fixes", "--root", tree.Root);
        Assert.True(first.ExitCode is 0 or 1, first.Stderr);

        var second = CliRunner.Run("fix", "--dry-run", "--unsafe-fixes", "--root", tree.Root);
        Assert.Equal("", second.Stdout);
        Assert.Equal(0, second.ExitCode);

        var remaining = Codes(CliRunner.Run("lint", "--root", tree.Root, "--format", "json"));
        if (RuleFixtures.NoFix(code, name) is not null)
        {
            Assert.Contains(code, remaining);
        }
        else
        {
            Assert.DoesNotContain(code, remaining);
        }
    }

    [Theory]
    [MemberData(nameof(GoodCases))]
    public void Good_fixtures_get_no_fix_of_their_rule(string code, string name)
    {
        var output = CliRunner.Run("fix", "--dry-run", "--unsafe-fixes", "--select", RuleFixtures.Select(code, name), "--root", RuleFixtures.Folder(code, name));
        Assert.Equal("", output.Stdout);
        Assert.Equal(0, output.ExitCode);
    }

    [Fact]
    public void Every_golden_diff_has_its_case()
    {
        Assert.Empty(Golden.Orphans(string.Empty, ["demo"]));
    }

    [Fact]
    public void The_demo_diff_applies_with_git_apply_and_patch_and_fixes_every_fixable_finding()
    {
        var diff = CliRunner.Run("fix", "--dry-run", "--root", Repository.Fixture("demo"));
        Assert.Equal(1, diff.ExitCode);
        Golden.Verify("demo", diff.Stdout);

        foreach (var tool in new[] { "git", "patch" })
        {
            if (!HostTools.Exists(tool))
            {
                Assert.False(Repository.IsCI, $"{tool} is missing under CI");
                continue;
            }

            using var tree = new TempTree().CopyFrom(Repository.Fixture("demo"));
            var patch = tree.Path("fix.patch");
            File.WriteAllText(patch, diff.Stdout);
            if (tool == "git")
            {
                HostTools.Run(tree.Root, "git", "init", "-q", ".");
                Assert.Equal(0, HostTools.Run(tree.Root, "git", "apply", "--check", patch).ExitCode);
                Assert.Equal(0, HostTools.Run(tree.Root, "git", "apply", patch).ExitCode);
            }
            else
            {
                Assert.Equal(0, HostTools.Run(tree.Root, "patch", "-p1", "-i", patch).ExitCode);
            }

            File.Delete(patch);
            var after = CliRunner.Run("lint", "--root", tree.Root, "--format", "json");
            using var json = JsonDocument.Parse(after.Stdout);
            Assert.DoesNotContain(json.RootElement.GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("fix").ValueKind != JsonValueKind.Null
                && d.GetProperty("fix").GetProperty("applicability").GetString() == "safe");
        }
    }

    private static List<string> Codes(CliRunner.Output output)
    {
        using var json = JsonDocument.Parse(output.Stdout);
        return json.RootElement.GetProperty("diagnostics").EnumerateArray().Select(d => d.GetProperty("code").GetString()!).ToList();
    }
}
