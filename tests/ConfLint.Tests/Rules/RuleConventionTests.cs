using System.Text.RegularExpressions;
using ConfLint.Catalog;
using ConfLint.Rules;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// Each rule has its code in its class name, a YAML file in rules/, at least two bad and two good fixtures,
/// and each bad fixture says what it must report; each YAML file belongs to a rule.
/// </summary>
public partial class RuleConventionTests
{
    private static IReadOnlyList<string> EngineCodes => EngineRules.Codes;

    [GeneratedRegex(@"^(?<code>CL\d{3})-(?<slug>[a-z0-9-]+)\.yaml$")]
    private static partial Regex YamlName();

    public static TheoryData<string> Codes()
    {
        var data = new TheoryData<string>();
        foreach (var code in RuleRegistry.All.Select(r => r.Code).Concat(EngineCodes).Order(StringComparer.Ordinal))
        {
            data.Add(code);
        }

        return data;
    }

    [Fact]
    public void Every_rule_has_a_yaml_file_and_every_yaml_file_a_rule()
    {
        var files = Directory.EnumerateFiles(Path.Combine(Repository.Root, "rules"), "*.yaml").Select(Path.GetFileName).ToList();
        var codes = RuleRegistry.All.Select(r => r.Code).Concat(EngineCodes).ToHashSet();
        foreach (var file in files)
        {
            var match = YamlName().Match(file!);
            Assert.True(match.Success, $"rules/{file} is not named CLnnn-slug.yaml");
            Assert.Contains(match.Groups["code"].Value, codes);
            var metadata = RuleCatalog.Get(match.Groups["code"].Value);
            Assert.Equal(match.Groups["slug"].Value, metadata.Slug);
        }

        foreach (var code in codes)
        {
            Assert.Contains(files, f => f!.StartsWith(code + "-", StringComparison.Ordinal));
        }

        Assert.Equal(files.Count, RuleCatalog.Rules.Count);
    }

    [Fact]
    public void Rule_classes_are_named_after_their_code_and_codes_are_unique()
    {
        foreach (var rule in RuleRegistry.All)
        {
            Assert.StartsWith(rule.Code, rule.GetType().Name);
        }

        Assert.Equal(RuleRegistry.All.Count, RuleRegistry.All.Select(r => r.Code).Distinct().Count());
        Assert.Empty(RuleRegistry.All.Select(r => r.Code).Intersect(EngineCodes));
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Every_rule_has_two_bad_and_two_good_fixtures(string code)
    {
        var cases = RuleFixtures.All().Where(c => c.Code == code).Select(c => c.Case).ToList();
        Assert.True(cases.Count(c => c.StartsWith("bad-", StringComparison.Ordinal)) >= 2, $"{code} needs at least two bad-* fixtures");
        Assert.True(cases.Count(c => c.StartsWith("good-", StringComparison.Ordinal)) >= 2, $"{code} needs at least two good-* fixtures");
        Assert.All(cases, c => Assert.Matches("^(bad|good)-[a-z0-9-]+$", c));
        Assert.All(cases.Where(c => c.StartsWith("bad-", StringComparison.Ordinal)), c => Assert.NotEmpty(RuleFixtures.Expected(code, c)));
        Assert.All(cases.Where(c => c.StartsWith("bad-", StringComparison.Ordinal)).SelectMany(c => RuleFixtures.Expected(code, c)),
            line => Assert.Matches(@"^CL\d{3} \S+:\d+:\d+$", line));
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Every_rule_documents_what_a_user_needs(string code)
    {
        var rule = RuleCatalog.Get(code);
        Assert.Contains("502", rule.Why + rule.Summary, StringComparison.Ordinal);
        Assert.NotEqual(rule.BadExample.Trim(), rule.GoodExample.Trim());
        Assert.False(string.IsNullOrWhiteSpace(rule.FixSafety), $"{code} has no fix-safety section");
        foreach (var option in rule.Options)
        {
            Assert.Null(ConfLint.Configuration.ConfigLoader.ValidateOption(option, option.Default) is { } problem && option.Type != "string" ? problem : null);
        }
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Every_fixture_is_an_overlay_that_shows_only_what_it_changes(string code)
    {
        foreach (var (_, name) in RuleFixtures.All().Where(c => c.Code == code))
        {
            var source = RuleFixtures.Source(code, name);
            Assert.True(FixtureTrees.IsOverlay(source), $"neither {code}/{name} nor {code} has a {FixtureTrees.BaseFile} file naming its base tree in fixtures/_base");
            var baseFolder = FixtureTrees.BaseFolderOf(source);
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(source, file);
                var inBase = Path.Combine(baseFolder, relative);
                Assert.False(File.Exists(inBase) && File.ReadAllBytes(inBase).SequenceEqual(File.ReadAllBytes(file)), $"{code}/{name}/{relative} is the base's own file: remove it from the overlay");
            }

            Assert.All(FixtureTrees.Deleted(source), deleted => Assert.True(File.Exists(Path.Combine(baseFolder, deleted)), $"{code}/{name} deletes {deleted}, which its base does not have"));
        }
    }
}
