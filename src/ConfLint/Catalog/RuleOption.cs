namespace ConfLint.Catalog;

/// <summary>A rule option: its name, its type (size, duration, integer, string, list), default and meaning.</summary>
public sealed record RuleOption(string Name, string Type, string Default, string Description);
