using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Workspace;

namespace ConfLint.Linting;

/// <summary>What one lint run found, over one or more hosts; the diagnostics sorted by path, line, column and code.</summary>
public sealed record LintResult(IReadOnlyList<ConfigWorkspace> Workspaces, IReadOnlyList<HostModel> Hosts, IReadOnlyList<Diagnostic> Diagnostics, IReadOnlyList<string> Notes)
{
    public IEnumerable<ConfigFile> Files => Workspaces.SelectMany(w => w.Files);

    /// <summary>What the normal output says about what could not be judged at all (a host with front ends and no back
    /// end configuration, a root with no configuration): one line each.</summary>
    public IReadOnlyList<string> Remarks { get; init; } = [];
}
