using System.Globalization;
using System.Text;
using ConfLint.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace ConfLint.Catalog;

/// <summary>
/// The rules' metadata. The source of truth is <c>rules/*.yaml</c>; tools/GenDocs writes it into
/// <see cref="CatalogPath"/> as code, so that a run does not parse YAML at start (a test fails when it is stale).
/// </summary>
public static partial class RuleCatalog
{
    private static readonly Lazy<IReadOnlyList<RuleMetadata>> All = new(Written);

    public static IReadOnlyList<RuleMetadata> Rules => All.Value;

    /// <summary>Where the written catalog lives, from the repository's top.</summary>
    public const string CatalogPath = "src/ConfLint/Catalog/RuleCatalog.g.cs";

    /// <summary>A rule by code (<c>CL003</c>, any case) or slug (<c>fpm-socket-permissions</c>). A loop, not a query: every finding a rule reports asks for its
    /// rule's metadata, and a query's closure was an allocation per finding.</summary>
    public static RuleMetadata? Find(string codeOrSlug)
    {
        var rules = Rules;
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            if (rule.Code.Equals(codeOrSlug, StringComparison.OrdinalIgnoreCase) || rule.Slug == codeOrSlug)
            {
                return rule;
            }
        }

        return null;
    }

    public static RuleMetadata Get(string code) =>
        Find(code) ?? throw new InvalidOperationException($"rule {code} has no YAML file in rules/");

    /// <summary>Reads every <c>CL*.yaml</c> of a <c>rules/</c> folder, in file-name order.</summary>
    public static IReadOnlyList<RuleMetadata> FromYaml(string folder) =>
        Directory.EnumerateFiles(folder, "*.yaml")
            .Order(StringComparer.Ordinal)
            .Select(path => Parse("rules/" + Path.GetFileName(path), File.ReadAllText(path)))
            .ToList();

    /// <summary>The C# source of <see cref="CatalogPath"/> for these rules.</summary>
    public static string Source(IEnumerable<RuleMetadata> rules)
    {
        var text = new StringBuilder();
        text.Append("// Written by tools/GenDocs from rules/*.yaml: do not edit, run `dotnet run --project tools/GenDocs`.\n");
        text.Append("using ConfLint.Diagnostics;\n\nnamespace ConfLint.Catalog;\n\npublic static partial class RuleCatalog\n{\n");
        text.Append("    private static IReadOnlyList<RuleMetadata> Written() =>\n    [\n");
        foreach (var rule in rules)
        {
            text.Append("        new RuleMetadata\n        {\n");
            Field("Code", rule.Code);
            Field("Slug", rule.Slug);
            Field("Title", rule.Title);
            text.Append("            DefaultSeverity = Severity.").Append(rule.DefaultSeverity).Append(",\n");
            Field("Summary", rule.Summary);
            Field("Why", rule.Why);
            if (rule.Options.Count > 0)
            {
                text.Append("            Options =\n            [\n");
                foreach (var option in rule.Options)
                {
                    text.Append("                new RuleOption(").Append(Literal(option.Name)).Append(", ").Append(Literal(option.Type)).Append(", ")
                        .Append(Literal(option.Default)).Append(", ").Append(Literal(option.Description)).Append("),\n");
                }

                text.Append("            ],\n");
            }

            Field("BadExample", rule.BadExample);
            Field("GoodExample", rule.GoodExample);
            if (rule.FixSafety is { } safety)
            {
                Field("FixSafety", safety);
            }

            text.Append("        },\n");
        }

        text.Append("    ];\n}\n");
        return text.ToString();

        void Field(string name, string value) => text.Append("            ").Append(name).Append(" = ").Append(Literal(value)).Append(",\n");
    }

    private static string Literal(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) || c > '~' => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return text.Append('"').ToString();
    }

    /// <summary>Reads one rule file; a missing or malformed field is an error that names the file.</summary>
    public static RuleMetadata Parse(string name, string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new InvalidDataException($"{name}: expected a mapping");
        }

        string Required(YamlMappingNode node, string key)
        {
            if (node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode { Value: { Length: > 0 } text })
            {
                return text.Trim();
            }

            throw new InvalidDataException($"{name}: '{key}' is missing or empty");
        }

        string? Optional(YamlMappingNode node, string key) =>
            node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value?.Trim() : null;

        if (!Severities.TryParse(Required(root, "severity"), out var severity))
        {
            throw new InvalidDataException($"{name}: severity must be error, warning or info");
        }

        var options = new List<RuleOption>();
        if (root.Children.TryGetValue(new YamlScalarNode("options"), out var optionsNode) && optionsNode is YamlMappingNode optionMap)
        {
            foreach (var (key, value) in optionMap.Children)
            {
                if (value is not YamlMappingNode option)
                {
                    throw new InvalidDataException($"{name}: option '{key}' must be a mapping with type, default and description");
                }

                options.Add(new RuleOption(((YamlScalarNode)key).Value!, Required(option, "type"), Required(option, "default"), Required(option, "description")));
            }
        }

        if (!root.Children.TryGetValue(new YamlScalarNode("examples"), out var examplesNode) || examplesNode is not YamlMappingNode examples)
        {
            throw new InvalidDataException($"{name}: 'examples' with 'bad' and 'good' is missing");
        }

        return new RuleMetadata
        {
            Code = Required(root, "code"),
            Slug = Required(root, "slug"),
            Title = Required(root, "title"),
            DefaultSeverity = severity,
            Summary = Required(root, "summary"),
            Why = Required(root, "why"),
            Options = options,
            BadExample = Required(examples, "bad"),
            GoodExample = Required(examples, "good"),
            FixSafety = Optional(root, "fix-safety"),
        };
    }
}
