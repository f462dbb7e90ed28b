using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>The rule fixtures: <c>fixtures/CLnnn/bad-*</c> and <c>good-*</c>, each a miniature server root written as an
/// overlay of a base tree (<see cref="FixtureTrees"/>).</summary>
public static partial class RuleFixtures
{
    /// <summary>(code, case) for every fixture folder, e.g. ("CL001", "bad-php-version-socket").</summary>
    public static IEnumerable<(string Code, string Case)> All()
    {
        foreach (var ruleFolder in Directory.EnumerateDirectories(Repository.Fixtures, "CL*").Order(StringComparer.Ordinal))
        {
            foreach (var caseFolder in Directory.EnumerateDirectories(ruleFolder).Order(StringComparer.Ordinal))
            {
                yield return (Path.GetFileName(ruleFolder), Path.GetFileName(caseFolder));
            }
        }
    }

    /// <summary>The fixture's whole tree (base and overlay).</summary>
    public static string Folder(string code, string name) => Repository.Fixture(code, name);

    /// <summary>The fixture as written in the repository: its overlay.</summary>
    public static string Source(string code, string name) => Path.Combine(Repository.Fixtures, code, name);

    /// <summary>The findings a bad fixture must produce: the <c>CODE path:line:column</c> lines of its EXPECTED file.</summary>
    public static IReadOnlyList<string> Expected(string code, string name) =>
        ExpectedLines(code, name).Where(l => !l.StartsWith(NoFixPrefix, StringComparison.Ordinal) && !l.StartsWith(NoDaemonCheckPrefix, StringComparison.Ordinal)).ToList();

    /// <summary>Why the fixture's findings have no fix (a <c>no-fix: REASON</c> line of EXPECTED), or null when they have one.</summary>
    public static string? NoFix(string code, string name) =>
        ExpectedLines(code, name).FirstOrDefault(l => l.StartsWith(NoFixPrefix, StringComparison.Ordinal))?[NoFixPrefix.Length..].Trim();

    /// <summary>Why the real daemons cannot judge a good fixture on a build machine (a <c>no-daemon-check: REASON</c> line of
    /// EXPECTED), or null when they can.</summary>
    public static string? NoDaemonCheck(string code, string name) =>
        ExpectedLines(code, name).FirstOrDefault(l => l.StartsWith(NoDaemonCheckPrefix, StringComparison.Ordinal))?[NoDaemonCheckPrefix.Length..].Trim();

    private const string NoFixPrefix = "no-fix:";

    private const string NoDaemonCheckPrefix = "no-daemon-check:";

    private static IEnumerable<string> ExpectedLines(string code, string name)
    {
        var path = Path.Combine(Source(code, name), "EXPECTED");
        return File.Exists(path) ? File.ReadAllLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')) : [];
    }

    /// <summary>
    /// The rules a fixture's golden files run with (<c>--select</c>): its own, so that a new rule changes no other rule's
    /// golden file. CL017 judges suppressions of the rules that ran: with it run the codes its suppression comments name.
    /// </summary>
    public static string Select(string code, string name)
    {
        if (code != ConfLint.Catalog.EngineRules.UnusedSuppressionCode)
        {
            return code;
        }

        var named = Directory.EnumerateFiles(Folder(code, name), "*", SearchOption.AllDirectories)
            .SelectMany(file => SuppressedCodes().Matches(File.ReadAllText(file)))
            .SelectMany(match => match.Groups["codes"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        return string.Join(",", named.Prepend(code).Distinct().Order(StringComparer.Ordinal));
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"conflint:\s*ignore(?:-file)?\s+(?<codes>[A-Za-z0-9_-]+(?:\s*,\s*[A-Za-z0-9_-]+)*)")]
    private static partial System.Text.RegularExpressions.Regex SuppressedCodes();
}
