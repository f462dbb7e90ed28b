namespace ConfLint.Workspace.Compose;

/// <summary>
/// A file seen from inside the container it is bind-mounted (or copied by its image's build, or kept in a named volume
/// whose files the root holds) into: its path there, and the container's mounts and copied files, by which an include names another repository file (an include of a
/// path neither provides names a file of the image).
/// </summary>
public sealed record ContainerView(ComposeProject Project, ComposeService Service, string ContainerPath)
{
    /// <summary>The server path a container path comes from, or null when the image provides it (not read).</summary>
    public string? HostPathOf(string containerPath)
    {
        // The entrypoint writes the rendered template there at each start, over whatever a mount put.
        if (Service.RenderedFiles.TryGetValue(containerPath, out var rendered))
        {
            return rendered;
        }

        // The mount on top at that path (the deepest): its files, when they are read; an image's file there is hidden.
        if (Service.MountOf(containerPath) is { } mount)
        {
            if (mount.HostSource(Project.Folder) is not { } source)
            {
                return null;
            }

            var target = mount.Target.TrimEnd('/');
            return containerPath == target ? source : source.TrimEnd('/') + containerPath[target.Length..];
        }

        return Service.Covered(containerPath) ? null : Service.ImageFiles.LastOrDefault(f => f.Target == containerPath)?.Source;
    }

    /// <summary>
    /// For a glob whose folder no mount provides (<c>/etc/nginx/conf.d/*.conf</c>, the image's folder): the files mounted
    /// one by one into that folder (or copied there by its image's build, or rendered there from a template by its
    /// image's entrypoint, <see cref="NginxTemplates"/>) whose names match, as server paths in the order
    /// of their names there. The base image's own files in the folder are not among them.
    /// </summary>
    public IReadOnlyList<string> FilesMountedInto(string pattern)
    {
        var slash = pattern.LastIndexOf('/');
        if (slash <= 0 || RootedFileSystem.HasWildcard(pattern[..slash]))
        {
            return [];
        }

        var folder = pattern[..slash];
        var namePattern = pattern[(slash + 1)..];
        var found = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var volume in Service.Volumes)
        {
            var target = volume.Target.TrimEnd('/');
            if (Path.GetDirectoryName(target) == folder && GlobMatcher.IsMatch(namePattern, Path.GetFileName(target))
                && volume.HostSource(Project.Folder) is { } source)
            {
                found[target] = source;
            }
        }

        foreach (var (target, source) in Service.RenderedFiles)
        {
            if (Path.GetDirectoryName(target) == folder && GlobMatcher.IsMatch(namePattern, Path.GetFileName(target)))
            {
                found[target] = source;
            }
        }

        foreach (var copied in Service.ImageFiles.Where(f => Path.GetDirectoryName(f.Target) == folder && GlobMatcher.IsMatch(namePattern, Path.GetFileName(f.Target)) && !Service.Covered(f.Target)))
        {
            found[copied.Target] = copied.Source;
        }

        return found.Values.ToList();
    }
}
