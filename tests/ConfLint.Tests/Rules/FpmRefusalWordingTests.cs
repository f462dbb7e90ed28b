using System.Text.Json;
using ConfLint.Io;
using ConfLint.Tests.Fixes;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// CL010 speaks php-fpm's own words: each of its bad fixtures is refused by the real <c>php-fpm8.2 -t</c>, and what CL010
/// quotes (<c>[pool www] pm.start_servers(8) must not be ...</c>) is in php-fpm's own output. The fixed trees passing
/// <c>php-fpm8.2 -t</c> is <see cref="RealToolTests"/>' part.
/// </summary>
public class FpmRefusalWordingTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var (_, name) in RuleFixtures.All().Where(c => c.Code == "CL010" && c.Case.StartsWith("bad-", StringComparison.Ordinal)))
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Php_fpm_refuses_the_bad_fixture_in_the_words_CL010_quotes(string name)
    {
        RealToolTests.RequireStaging();
        var lint = CliRunner.Run("lint", "--root", RuleFixtures.Folder("CL010", name), "--select", "CL010", "--format", "json");
        using var json = JsonDocument.Parse(lint.Stdout);
        var message = json.RootElement.GetProperty("diagnostics").EnumerateArray()
            .Where(d => d.GetProperty("code").GetString() == "CL010")
            .Select(d => d.GetProperty("message").GetString()!)
            .Single();
        var quoted = message[..message.IndexOf(": php-fpm refuses", StringComparison.Ordinal)];

        var fpm = Verifier.CheckTree(RuleFixtures.Folder("CL010", name)).Single(r => r.Name.StartsWith("php-fpm", StringComparison.Ordinal));
        Assert.False(fpm.Ok, $"php-fpm accepts the bad fixture CL010/{name}");
        Assert.Contains(quoted, fpm.Output);
    }
}
