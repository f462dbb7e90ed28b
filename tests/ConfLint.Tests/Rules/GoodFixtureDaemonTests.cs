using ConfLint.Io;
using ConfLint.Tests.Fixes;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// Every good fixture is a configuration the daemons accept: <c>nginx -t</c>, <c>php-fpm8.2 -t</c> and <c>apache2ctl -t</c>
/// where the tree has their configuration, staged as the fixed bad fixtures are (<see cref="RealToolTests"/>). A fixture
/// the tools cannot judge on a build machine says why in a <c>no-daemon-check: REASON</c> line of its EXPECTED file.
/// </summary>
public class GoodFixtureDaemonTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var (code, name) in RuleFixtures.All().Where(c => c.Case.StartsWith("good-", StringComparison.Ordinal)))
        {
            if (RuleFixtures.NoDaemonCheck(code, name) is null)
            {
                data.Add(code, name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Good_fixtures_pass_the_real_tools(string code, string name)
    {
        RealToolTests.RequireStaging();
        var results = Verifier.CheckTree(RuleFixtures.Folder(code, name));
        Assert.NotEmpty(results);
        foreach (var (tool, ok, output) in results)
        {
            Assert.True(ok, $"{tool} rejects the good fixture {code}/{name}:\n{output}");
        }
    }
}
