using ConfLint.Diagnostics;
using ConfLint.Text;
using ConfLint.Workspace;

namespace ConfLint.Linting;

/// <summary>
/// Findings in, and fixes into, a file read from a Compose service's named volume (<see cref="Workspace.Compose.ComposeVolume.DataPath"/>):
/// a named volume holds the image's files, copied in when it was new and empty, and whatever the container writes since;
/// an image whose entrypoint renders its configuration at each start (geonode/nginx's <c>envsubst</c> of its templates)
/// writes the file again over any edit. Which of the two a file is cannot be told from the volume, so a fix there is advice
/// only, whatever its rule said, and the message says which volume of which service the file is in. Every rule's findings
/// pass through here (<see cref="Linter"/>).
/// </summary>
public static class VolumeFiles
{
    /// <summary>The findings with the fixes into volume files made display-only, and the messages of findings in them
    /// saying so.</summary>
    public static List<Diagnostic> Guard(IReadOnlyList<ConfigWorkspace> workspaces, List<Diagnostic> diagnostics)
    {
        var inVolume = StartWrittenFiles.Collect(workspaces, file =>
            file.Container is { } container && container.Service.MountOf(container.ContainerPath) is { DataPath: not null, VolumeName: { } name }
                ? $"{file.DisplayPath} is in Docker volume '{name}' of {container.Service} ({container.ContainerPath} in the container), which holds the image's files and what its entrypoint writes at each start"
                : null);
        if (inVolume is null)
        {
            return diagnostics;
        }

        for (var i = 0; i < diagnostics.Count; i++)
        {
            var diagnostic = diagnostics[i];
            if (inVolume.TryGetValue(diagnostic.Location.File, out var where) && !diagnostic.Message.Contains(" is in Docker volume '", StringComparison.Ordinal))
            {
                diagnostic = diagnostic with { Message = MessageText.Clip($"{diagnostic.Message} ({where})") };
            }

            diagnostics[i] = StartWrittenFiles.AdviceOnly(diagnostic, inVolume, fix => fix.Applicability == Applicability.DisplayOnly,
                (fix, edited) => MessageText.Clip($"{fix.Title} (advice only: {edited}; an edit there may be written over at the next start: make the change where the file comes from)"));
        }

        return diagnostics;
    }
}
