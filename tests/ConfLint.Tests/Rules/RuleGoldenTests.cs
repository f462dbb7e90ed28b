using System.Text;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// One golden file per rule, <c>Snapshots/{Code}.verified.txt</c>: for each of its fixtures, a <c>## {Code}_{case}</c>
/// section with the text report of <c>conflint lint</c> and, for a bad fixture, the diff of <c>conflint fix --dry-run
/// --unsafe-fixes</c>, both with only that rule selected (<see cref="RuleFixtures.Select"/>). A new rule adds its own
/// golden file and changes no other rule's.
/// </summary>
public class RuleGoldenTests
{
    public static TheoryData<string> Codes()
    {
        var data = new TheoryData<string>();
        foreach (var code in RuleFixtures.All().Select(c => c.Code).Distinct())
        {
            data.Add(code);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Reports_and_fixes_match_the_rules_golden_file(string code)
    {
        var golden = new StringBuilder();
        foreach (var (_, name) in RuleFixtures.All().Where(c => c.Code == code))
        {
            var folder = RuleFixtures.Folder(code, name);
            var select = RuleFixtures.Select(code, name);
            golden.Append($"## {code}_{name}\n$ conflint lint --select {select}\n");
            var lint = CliRunner.Run("lint", "--root", folder, "--select", select);
            golden.Append(lint.Stdout).Append(lint.Stderr.Length > 0 ? "--- stderr\n" + lint.Stderr : string.Empty).Append($"--- exit {lint.ExitCode}\n");
            if (name.StartsWith("bad-", StringComparison.Ordinal))
            {
                golden.Append($"$ conflint fix --dry-run --unsafe-fixes --select {select}\n");
                var fix = CliRunner.Run("fix", "--dry-run", "--unsafe-fixes", "--select", select, "--root", folder);
                golden.Append(fix.Stdout).Append($"--- exit {fix.ExitCode}\n");
            }

            golden.Append('\n');
        }

        Golden.Verify(code, golden.ToString());
    }

    [Fact]
    public void Every_golden_file_has_its_rule()
    {
        Assert.Empty(Golden.Orphans("CL", RuleFixtures.All().Select(c => c.Code).Distinct()));
    }
}
