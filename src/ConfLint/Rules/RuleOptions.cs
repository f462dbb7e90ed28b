using ConfLint.Catalog;
using ConfLint.Configuration;
using ConfLint.Units;

namespace ConfLint.Rules;

/// <summary>A rule's option values: from <c>.conflint.yml</c> where set, else the defaults in its YAML file.</summary>
public sealed class RuleOptions(RuleMetadata metadata, RuleSettings settings)
{
    public string Text(string name)
    {
        var option = metadata.Option(name) ?? throw new InvalidOperationException($"{metadata.Code} has no option '{name}' in its YAML file");
        return settings.Options.GetValueOrDefault(name) ?? option.Default;
    }

    public ByteSize Size(string name) =>
        ByteSize.TryParseSetting(Text(name), out var size) ? size : throw Bad(name);

    public Duration Duration(string name) =>
        Units.Duration.TryParseSetting(Text(name), out var duration) ? duration : throw Bad(name);

    public int Integer(string name) => int.TryParse(Text(name), out var value) ? value : throw Bad(name);

    /// <summary>A list option: its values, separated by commas or blanks (<c>none</c>, the documented empty default, is no value).</summary>
    public IReadOnlyList<string> List(string name) =>
        Text(name).Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(v => v != "none").ToList();

    /// <summary>Whether the user set the option (rather than relying on its documented default).</summary>
    public bool IsSet(string name) => settings.Options.ContainsKey(name);

    private ConfigurationException Bad(string name) =>
        new($"{metadata.Code}: option '{name}' has the value '{Text(name)}', which is not valid for its type");
}
