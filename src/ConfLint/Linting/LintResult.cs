using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Workspace;

namespace ConfLint.Linting;

/// <summary>What one lint run found, over one or more hosts.</summary>
public sealed class LintResult
{
    public LintResult(IReadOnlyList<ConfigWorkspace> workspaces, IReadOnlyList<HostModel> hosts, IReadOnlyList<Diagnostic> diagnostics, IReadOnlyList<string> notes)
    {
        Workspaces = workspaces;
        Hosts = hosts;
        Diagnostics = diagnostics;
        Notes = notes;
    }

    public IReadOnlyList<ConfigWorkspace> Workspaces { get; }

    public IReadOnlyList<HostModel> Hosts { get; }

    /// <summary>Sorted by path, line, column and code.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    public IReadOnlyList<string> Notes { get; }

    public IEnumerable<ConfigFile> Files => Workspaces.SelectMany(w => w.Files);
}
