using ConfLint.Syntax;
using ConfLint.Reporting.Trees;
using ConfLint.Tests.Support;
using ConfLint.Text;

namespace ConfLint.Tests.Syntax;

/// <summary>
/// Every file under <c>fixtures/syntax/KIND/</c> has a golden file of its JSON tree (or of its syntax error),
/// and every file that parses prints back byte for byte.
/// </summary>
public class SyntaxFixtureTests
{
    private static readonly string[] Kinds = ["nginx", "apache", "php-fpm", "systemd", "haproxy", "tomcat"];

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in AllFixtures())
        {
            data.Add(file);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Fixture_matches_its_golden_tree_and_round_trips(string relativePath)
    {
        var kindName = relativePath.Split('/')[0];
        Assert.True(ConfigKinds.TryParse(kindName, out var kind));
        var bytes = File.ReadAllBytes(Path.Combine(Repository.Fixtures, "syntax", relativePath));
        var source = SourceText.FromBytes(relativePath, bytes);
        var result = ConfigParser.Parse(source, kind);

        string golden;
        if (result.Success)
        {
            Assert.Equal(bytes, result.Tree!.ToBytes());
            golden = JsonTreeWriter.For(kind).Write(result.Tree);
        }
        else
        {
            Assert.Contains("/errors/", "/" + relativePath);
            golden = "error: " + result.Error + "\n";
        }

        Golden.Verify("syntax/" + relativePath, golden);
    }

    [Fact]
    public void Fixtures_in_an_errors_folder_fail_to_parse_and_no_golden_file_is_orphaned()
    {
        var fixtures = AllFixtures().ToList();
        Assert.NotEmpty(fixtures);
        Assert.Empty(Golden.Orphans("syntax/", fixtures.Select(f => "syntax/" + f)));
    }

    private static IEnumerable<string> AllFixtures()
    {
        var root = Path.Combine(Repository.Fixtures, "syntax");
        foreach (var kind in Kinds)
        {
            var directory = Path.Combine(root, kind);
            if (!Directory.Exists(directory))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                yield return Path.GetRelativePath(root, file).Replace('\\', '/');
            }
        }
    }
}
