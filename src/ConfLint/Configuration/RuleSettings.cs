using ConfLint.Diagnostics;

namespace ConfLint.Configuration;

/// <summary>What <c>.conflint.yml</c> says about one rule: off, another severity, option values.</summary>
public sealed record RuleSettings(bool Enabled, Severity? Severity, IReadOnlyDictionary<string, string> Options)
{
    public static readonly RuleSettings Default = new(true, null, new Dictionary<string, string>());
}
