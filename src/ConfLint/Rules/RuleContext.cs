using ConfLint.Configuration;
using ConfLint.Host;
using ConfLint.Workspace;

namespace ConfLint.Rules;

/// <summary>What a rule sees: the host model, the files, the settings, its options, and a place for notes on what it
/// did not check and why (shown with <c>--verbose</c>).</summary>
public sealed record RuleContext(HostModel Host, ConfigWorkspace Workspace, ConfLintConfig Config, RuleOptions Options, List<string> Notes);
