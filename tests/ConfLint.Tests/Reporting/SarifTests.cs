using System.Text.Json;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Reporting;

/// <summary>SARIF 2.1.0 as code scanning takes it: valid against the OASIS schema, rules with help and helpUri,
/// results with fingerprints, and URIs relative to %SRCROOT% (the current folder) that name existing files.</summary>
public class SarifTests
{
    private static readonly Lazy<NJsonSchema.JsonSchema> Schema = new(() =>
        NJsonSchema.JsonSchema.FromJsonAsync(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Reporting", "sarif-schema-2.1.0.json"))).GetAwaiter().GetResult());

    [Fact]
    public void The_demo_report_is_valid_SARIF_2_1_0()
    {
        var output = CliRunner.Run("lint", "--root", "fixtures/demo", "--format", "sarif");
        Assert.Equal(1, output.ExitCode);
        Assert.Empty(Schema.Value.Validate(output.Stdout));

        // The schema is not toothless: a result without its message is refused.
        using var json = JsonDocument.Parse(output.Stdout);
        var broken = output.Stdout.Replace("\"ruleId\": \"CL001\"", "\"ruleId\": 1");
        Assert.NotEmpty(Schema.Value.Validate(broken));
    }

    [Fact]
    public void Rules_carry_help_and_results_carry_fingerprints_and_repository_paths()
    {
        using var json = JsonDocument.Parse(CliRunner.Run("lint", "--root", "fixtures/demo", "--format", "sarif").Stdout);
        var run = json.RootElement.GetProperty("runs")[0];
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();
        foreach (var rule in rules)
        {
            var code = rule.GetProperty("id").GetString()!;
            Assert.StartsWith($"# {code} (", rule.GetProperty("help").GetProperty("markdown").GetString());
            Assert.EndsWith($"/blob/main/docs/rules/{code}.md", rule.GetProperty("helpUri").GetString());
            Assert.True(File.Exists(Path.Combine(Repository.Root, "docs", "rules", code + ".md")));
        }

        var baseUri = new Uri(run.GetProperty("originalUriBaseIds").GetProperty("%SRCROOT%").GetProperty("uri").GetString()!);
        Assert.Equal(Repository.Root.TrimEnd('/') + "/", baseUri.LocalPath);
        var results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(9, results.Count);
        var fingerprints = new HashSet<string>();
        foreach (var result in results)
        {
            Assert.True(fingerprints.Add(result.GetProperty("partialFingerprints").GetProperty("conflint/v1").GetString()!));
            var index = result.GetProperty("ruleIndex").GetInt32();
            Assert.Equal(rules[index].GetProperty("id").GetString(), result.GetProperty("ruleId").GetString());
            var locations = result.GetProperty("locations").EnumerateArray()
                .Concat(result.TryGetProperty("relatedLocations", out var related) ? related.EnumerateArray() : []);
            foreach (var location in locations)
            {
                var artifact = location.GetProperty("physicalLocation").GetProperty("artifactLocation");
                Assert.Equal("%SRCROOT%", artifact.GetProperty("uriBaseId").GetString());
                var file = new Uri(baseUri, artifact.GetProperty("uri").GetString()).LocalPath;
                Assert.True(File.Exists(file), file);
            }
        }

        // The fingerprints do not depend on where the finding's line is.
        using var tree = new TempTree().CopyFrom(Repository.Fixture("demo"));
        var shop = tree.Path("etc/nginx/sites-enabled/shop.conf");
        File.WriteAllText(shop, "# a comment above\n\n" + File.ReadAllText(shop));
        using var moved = JsonDocument.Parse(CliRunner.RunIn(tree.Root, "lint", "--format", "sarif").Stdout);
        var movedPrints = moved.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(r => r.GetProperty("partialFingerprints").GetProperty("conflint/v1").GetString()!).ToHashSet();
        using var inPlace = JsonDocument.Parse(CliRunner.RunIn(Repository.Fixture("demo"), "lint", "--format", "sarif").Stdout);
        var inPlacePrints = inPlace.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(r => r.GetProperty("partialFingerprints").GetProperty("conflint/v1").GetString()!).ToHashSet();
        Assert.Equal(inPlacePrints, movedPrints);
    }

    [Fact]
    public void Paths_are_percent_encoded()
    {
        using var tree = new TempTree().CopyFrom(Repository.Fixture("demo"));
        File.Move(tree.Path("etc/nginx/sites-enabled/shop.conf"), tree.Path("etc/nginx/sites-enabled/shop #1 100%.conf"));
        var output = CliRunner.RunIn(tree.Root, "lint", "--format", "sarif");
        Assert.Empty(Schema.Value.Validate(output.Stdout));
        Assert.Contains("\"uri\": \"etc/nginx/sites-enabled/shop%20%231%20100%25.conf\"", output.Stdout);
        using var json = JsonDocument.Parse(output.Stdout);
        var baseUri = new Uri(json.RootElement.GetProperty("runs")[0].GetProperty("originalUriBaseIds").GetProperty("%SRCROOT%").GetProperty("uri").GetString()!);
        Assert.True(File.Exists(new Uri(baseUri, "etc/nginx/sites-enabled/shop%20%231%20100%25.conf").LocalPath));
    }
}
