using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>The rule fixtures: <c>fixtures/CLnnn/bad-*</c> and <c>good-*</c>, each a miniature server root written as an
/// overlay of a base tree (<see cref="FixtureTrees"/>).</summary>
public static class RuleFixtures
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

    /// <summary>The findings a bad fixture must produce: <c>CODE path:line:column</c> lines of its EXPECTED file.</summary>
    public static IReadOnlyList<string> Expected(string code, string name)
    {
        var path = Path.Combine(Source(code, name), "EXPECTED");
        return File.ReadAllLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
    }
}
