using System.Text.Json;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// Every rule against its fixtures, through the command line: on a bad fixture `conflint lint --root DIR
/// --format json` reports exactly the findings of its EXPECTED file, on a good one nothing of that rule. The text
/// reports are in the rule's golden file (<see cref="RuleGoldenTests"/>).
/// </summary>
public class RuleFixtureTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var (code, name) in RuleFixtures.All())
        {
            data.Add(code, name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Json_report_matches_the_fixture(string code, string name)
    {
        var output = CliRunner.Run("lint", "--root", RuleFixtures.Folder(code, name), "--format", "json");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        using var json = JsonDocument.Parse(output.Stdout);
        var found = json.RootElement.GetProperty("diagnostics").EnumerateArray()
            .Where(d => d.GetProperty("code").GetString() == code)
            .Select(d => $"{code} {d.GetProperty("path").GetString()}:{d.GetProperty("line").GetInt32()}:{d.GetProperty("column").GetInt32()}")
            .ToList();

        if (name.StartsWith("bad-", StringComparison.Ordinal))
        {
            var expected = RuleFixtures.Expected(code, name);
            Assert.NotEmpty(expected);
            Assert.Equal(expected, found);
        }
        else
        {
            Assert.StartsWith("good-", name);
            Assert.Empty(found);
        }
    }
}
