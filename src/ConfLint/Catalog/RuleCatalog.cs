using System.Reflection;
using ConfLint.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace ConfLint.Catalog;

/// <summary>The rules' YAML files, embedded in the binary from <c>rules/</c>.</summary>
public static class RuleCatalog
{
    private static readonly Lazy<IReadOnlyList<RuleMetadata>> All = new(Load);

    public static IReadOnlyList<RuleMetadata> Rules => All.Value;

    /// <summary>A rule by code (<c>CL003</c>, any case) or slug (<c>fpm-socket-permissions</c>).</summary>
    public static RuleMetadata? Find(string codeOrSlug) =>
        Rules.FirstOrDefault(r => r.Code.Equals(codeOrSlug, StringComparison.OrdinalIgnoreCase) || r.Slug == codeOrSlug);

    public static RuleMetadata Get(string code) =>
        Find(code) ?? throw new InvalidOperationException($"rule {code} has no YAML file in rules/");

    private static IReadOnlyList<RuleMetadata> Load()
    {
        var assembly = typeof(RuleCatalog).Assembly;
        var rules = new List<RuleMetadata>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("rules/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            rules.Add(Parse(name, reader.ReadToEnd()));
        }

        return rules;
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
