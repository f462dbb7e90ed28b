using ConfLint.Configuration;
using ConfLint.Host;
using ConfLint.Workspace;

namespace ConfLint.Rules;

/// <summary>What a rule sees: the host model, the files, its options, and a place for notes on what it did not check.</summary>
public sealed class RuleContext
{
    public RuleContext(HostModel host, ConfigWorkspace workspace, ConfLintConfig config, RuleOptions options, List<string> notes)
    {
        Host = host;
        Workspace = workspace;
        Config = config;
        Options = options;
        Notes = notes;
    }

    public HostModel Host { get; }

    public ConfigWorkspace Workspace { get; }

    public ConfLintConfig Config { get; }

    public RuleOptions Options { get; }

    /// <summary>What the rule could not judge and why (shown with <c>--verbose</c>).</summary>
    public List<string> Notes { get; }
}
