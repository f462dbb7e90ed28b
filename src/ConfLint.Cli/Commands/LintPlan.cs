using ConfLint.Configuration;
using ConfLint.Linting;
using ConfLint.Workspace;

namespace ConfLint.Cli.Commands;

/// <summary>What one run reads (one load per host), with which settings and rules, and how its reports name files.</summary>
internal sealed record LintPlan(ConfLintConfig Config, RuleSelection Selection, List<LoadOptions> Loads)
{
    /// <summary>Put before root-relative paths in the repository-path formats: the root's place below the current folder.</summary>
    public string PathPrefix { get; init; } = string.Empty;

    /// <summary>The absolute folder those formats' paths are relative to.</summary>
    public string? BaseFolder { get; init; }
}
