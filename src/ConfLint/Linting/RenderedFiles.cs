using ConfLint.Diagnostics;
using ConfLint.Text;
using ConfLint.Workspace;

namespace ConfLint.Linting;

/// <summary>
/// Fixes into a file read as the nginx image's entrypoint renders it from a template
/// (<see cref="Workspace.Compose.NginxTemplates"/>): the edits are offsets of the rendered text, which is not what is
/// on disk (the template is), and the entrypoint writes the rendered file again at each start. Such a fix is advice
/// only, whatever its rule said, and its title says to make the change in the template by hand: no edit is applied, so
/// none can touch a substituted value or land at a shifted place. Every rule's fixes pass through here
/// (<see cref="Linter"/>).
/// </summary>
public static class RenderedFiles
{
    /// <summary>The findings with the fixes into rendered files made display-only and retitled.</summary>
    public static List<Diagnostic> Guard(IReadOnlyList<ConfigWorkspace> workspaces, List<Diagnostic> diagnostics)
    {
        if (StartWrittenFiles.Collect(workspaces, file => file.RenderedFrom is null ? null : file) is not { } rendered)
        {
            return diagnostics;
        }

        for (var i = 0; i < diagnostics.Count; i++)
        {
            diagnostics[i] = StartWrittenFiles.AdviceOnly(diagnostics[i], rendered, fix => fix.Title.Contains("(by hand, in the template: ", StringComparison.Ordinal),
                (fix, file) => $"{fix.Title} (by hand, in the template: the nginx image's entrypoint renders {file.DisplayPath} into {file.DaemonPath} at each start)");
        }

        return diagnostics;
    }
}
