using System.Text.Json;
using ConfLint.Catalog;
using ConfLint.Configuration;
using ConfLint.Reporting;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Docs;

/// <summary>
/// docs/rules/CLnnn.md and docs/conflint.schema.json are written from rules/*.yaml by tools/GenDocs: these tests fail
/// when either is stale (run `dotnet run --project tools/GenDocs`), and check the schema against the loader.
/// </summary>
public class GeneratedDocsTests
{
    private const string Regenerate = "stale: run `dotnet run --project tools/GenDocs` and commit docs/";

    [Fact]
    public void Every_rule_has_its_page_and_no_page_is_stale()
    {
        var folder = Path.Combine(Repository.Root, "docs", "rules");
        foreach (var rule in RuleCatalog.Rules)
        {
            var path = Path.Combine(Repository.Root, RuleDocs.RelativePath(rule));
            Assert.True(File.Exists(path), $"{RuleDocs.RelativePath(rule)} is missing: {Regenerate}");
            Assert.True(RuleDocs.Markdown(rule) == File.ReadAllText(path), $"{RuleDocs.RelativePath(rule)} is {Regenerate}");
        }

        var pages = Directory.EnumerateFiles(folder, "*.md").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);
        Assert.Equal(RuleCatalog.Rules.Select(r => r.Code), pages);
    }

    [Fact]
    public void The_written_list_of_rules_holds_every_rule_class()
    {
        var path = Path.Combine(Repository.Root, ConfLint.Rules.RuleRegistry.ListPath);
        var classes = ConfLint.Rules.RuleRegistry.Discover();
        Assert.True(ConfLint.Rules.RuleRegistry.ListSource(classes) == File.ReadAllText(path), $"{ConfLint.Rules.RuleRegistry.ListPath} is {Regenerate}");
        Assert.Equal(classes, ConfLint.Rules.RuleRegistry.All.Select(r => r.GetType()).OrderBy(t => t.FullName, StringComparer.Ordinal));
    }

    [Fact]
    public void The_written_catalog_is_what_the_rule_files_say()
    {
        var rules = RuleCatalog.FromYaml(Path.Combine(Repository.Root, "rules"));
        Assert.True(RuleCatalog.Source(rules) == File.ReadAllText(Path.Combine(Repository.Root, RuleCatalog.CatalogPath)), $"{RuleCatalog.CatalogPath} is {Regenerate}");
        Assert.Equal(rules.Select(r => (r.Code, r.Slug, r.Title, r.DefaultSeverity, r.Summary, r.Why, r.BadExample, r.GoodExample, r.FixSafety)),
            RuleCatalog.Rules.Select(r => (r.Code, r.Slug, r.Title, r.DefaultSeverity, r.Summary, r.Why, r.BadExample, r.GoodExample, r.FixSafety)));
        Assert.Equal(rules.SelectMany(r => r.Options), RuleCatalog.Rules.SelectMany(r => r.Options));
    }

    [Fact]
    public void The_compiled_tables_are_the_data_files()
    {
        var path = Path.Combine(Repository.Root, ConfLint.Knowledge.EmbeddedTables.SourcePath);
        Assert.True(ConfLint.Knowledge.EmbeddedTables.Source(Repository.Root) == File.ReadAllText(path), $"{ConfLint.Knowledge.EmbeddedTables.SourcePath} is {Regenerate}");
        var nginx = File.ReadAllText(Path.Combine(Repository.Root, "data/directives/nginx.txt")).TrimEnd('\n');
        Assert.Equal(nginx, System.Text.Encoding.UTF8.GetString(ConfLint.Knowledge.EmbeddedTables.Get("directives/nginx.txt")));
    }

    [Fact]
    public void A_page_holds_what_the_rule_file_says()
    {
        var rule = RuleCatalog.Get("CL005");
        var page = File.ReadAllText(Path.Combine(Repository.Root, "docs/rules/CL005.md"));
        Assert.StartsWith("# CL005 (small-proxy-buffer)\n", page);
        foreach (var heading in new[] { "## What it finds", "## Why it leads to 502", "## Example", "## Use instead", "## Options", "## Fix safety" })
        {
            Assert.Contains("\n" + heading + "\n", page);
        }

        Assert.Contains("upstream sent too big header", page);
        Assert.Contains(rule.BadExample.TrimEnd(), page);
        Assert.All(rule.Options, o => Assert.Contains($"| `{o.Name}` | {o.Type} | `{o.Default}` |", page));
    }

    [Fact]
    public void The_settings_schema_is_current()
    {
        var path = Path.Combine(Repository.Root, ConfigSchema.RelativePath);
        Assert.True(ConfigSchema.Write(RuleDocs.RepositoryUrl) == File.ReadAllText(path), $"{ConfigSchema.RelativePath} is {Regenerate}");
    }

    [Fact]
    public async Task The_schema_names_exactly_the_keys_the_loader_accepts()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, ConfigSchema.RelativePath)));
        var properties = schema.RootElement.GetProperty("properties");
        Assert.Equal(ConfigLoader.Keys.Order(), properties.EnumerateObject().Select(p => p.Name).Order());
        var host = properties.GetProperty("host").GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(ConfigLoader.HostKeys.Order(), host.Order());

        // Every key of the schema, with a value of its type, is accepted; one key more is refused, by both.
        var yaml = new System.Text.StringBuilder("host:\n  memory: 16GiB\n  web-user: www-data\n  nginx-version: 1.22.1\nrules:\n");
        var rules = properties.GetProperty("rules").GetProperty("properties");
        foreach (var rule in RuleCatalog.Rules)
        {
            var options = rules.GetProperty(rule.Code).GetProperty("anyOf")[1].GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();
            Assert.Equal(rule.Options.Select(o => o.Name).Append("severity").Order(), options.Order());
            Assert.True(rules.TryGetProperty(rule.Slug, out _), rule.Slug);
            yaml.Append("  ").Append(rule.Code).Append(":\n    severity: info\n");
            foreach (var option in rule.Options)
            {
                yaml.Append("    ").Append(option.Name).Append(": ").Append(option.Default).Append('\n');
            }
        }

        yaml.Append("hosts:\n  web1: [hosts/web1/**]\n");
        var config = ConfigLoader.Parse("test.yml", yaml.ToString());
        Assert.Equal(RuleCatalog.Rules.Count, config.Rules.Count);
        Assert.Throws<ConfigurationException>(() => ConfigLoader.Parse("test.yml", "host:\n  cpus: 4\n"));
        Assert.Throws<ConfigurationException>(() => ConfigLoader.Parse("test.yml", "colour: always\n"));
        Assert.False(properties.GetProperty("host").GetProperty("properties").TryGetProperty("cpus", out _));
        Assert.False(schema.RootElement.GetProperty("additionalProperties").GetBoolean());

        // The schema itself validates the same file, and refuses the unknown key.
        var validator = await NJsonSchema.JsonSchema.FromJsonAsync(await File.ReadAllTextAsync(Path.Combine(Repository.Root, ConfigSchema.RelativePath), TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
        Assert.Empty(validator.Validate(YamlToJson(yaml.ToString())));
        Assert.NotEmpty(validator.Validate(YamlToJson("host:\n  cpus: 4\n")));
        Assert.NotEmpty(validator.Validate(YamlToJson("rules:\n  CL005:\n    maximum: 4k\n")));

        // A list option is a YAML list or one value with commas, for both.
        var lists = RuleCatalog.Rules.SelectMany(r => r.Options.Where(o => o.Type == "list").Select(o => $"rules:\n  {r.Code}:\n    {o.Name}: [a.service, b.service]\n")).ToList();
        Assert.NotEmpty(lists);
        foreach (var list in lists)
        {
            ConfigLoader.Parse("test.yml", list);
            Assert.Empty(validator.Validate(YamlToJson(list)));
            Assert.NotEmpty(validator.Validate(YamlToJson(list.Replace("[a.service, b.service]", "{a: b}", StringComparison.Ordinal))));
        }
    }

    /// <summary>YAML as JSON text, scalars as strings (as the loader reads them).</summary>
    private static string YamlToJson(string yaml)
    {
        var stream = new YamlDotNet.RepresentationModel.YamlStream();
        stream.Load(new StringReader(yaml));
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            Write(json, stream.Documents[0].RootNode);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter json, YamlDotNet.RepresentationModel.YamlNode node)
    {
        switch (node)
        {
            case YamlDotNet.RepresentationModel.YamlMappingNode mapping:
                json.WriteStartObject();
                foreach (var (key, value) in mapping.Children)
                {
                    json.WritePropertyName(((YamlDotNet.RepresentationModel.YamlScalarNode)key).Value!);
                    Write(json, value);
                }

                json.WriteEndObject();
                break;
            case YamlDotNet.RepresentationModel.YamlSequenceNode sequence:
                json.WriteStartArray();
                foreach (var item in sequence.Children)
                {
                    Write(json, item);
                }

                json.WriteEndArray();
                break;
            default:
                json.WriteStringValue(((YamlDotNet.RepresentationModel.YamlScalarNode)node).Value);
                break;
        }
    }
}
