namespace ConfLint.Workspace.Compose;

/// <summary>
/// A file seen from inside the container it is bind-mounted into: its path there, and the container's bind mounts, by
/// which an include names another repository file (an include of a path no mount provides names a file of the image).
/// </summary>
public sealed record ContainerView(ComposeProject Project, ComposeService Service, string ContainerPath)
{
    /// <summary>The server path a container path comes from, or null when the image provides it (not read).</summary>
    public string? HostPathOf(string containerPath)
    {
        foreach (var volume in Service.Volumes.Where(v => v.IsBind).Reverse())
        {
            var target = volume.Target.TrimEnd('/');
            if (ComposeProject.SourcePath(volume.Source, Project.Folder) is not { } source)
            {
                continue;
            }

            if (containerPath == target)
            {
                return source;
            }

            if (containerPath.StartsWith(target + "/", StringComparison.Ordinal))
            {
                return source.TrimEnd('/') + containerPath[target.Length..];
            }
        }

        return null;
    }
}
