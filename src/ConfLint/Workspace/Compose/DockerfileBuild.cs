namespace ConfLint.Workspace.Compose;

/// <summary>A Compose service's Dockerfile as the root holds it (<see cref="ComposeService.BuildFile"/>).</summary>
/// <param name="Path">Its server path; null where its name is not known.</param>
/// <param name="Shown">Its path as shown in messages.</param>
/// <param name="Stages">Its build stages (<see cref="DockerfileText.Stages"/>); empty where it is not read.</param>
/// <param name="Unseen">Why it is not read (a build ConfLint does not see, a file the root does not hold); null where it is.</param>
public sealed record DockerfileBuild(string? Path, string Shown, IReadOnlyList<DockerfileStage> Stages, string? Unseen)
{
    /// <summary>The stage the service's image is built from (<c>build.target</c>'s, else the last); null where there is none.</summary>
    public DockerfileStage? Target(ComposeService service) => DockerfileText.Target(Stages, service.BuildTarget);

    internal static DockerfileBuild Read(ComposeService service, RootedFileSystem fs)
    {
        if (!service.Build || service.BuildContext is not { } context || service.Dockerfile is not { Length: > 0 } name || name.Contains('$', StringComparison.Ordinal))
        {
            return new DockerfileBuild(null, string.Empty, [], $"service '{service.Name}' is built from a Dockerfile ConfLint does not see");
        }

        var path = RootedFileSystem.Normalize(name.StartsWith('/') ? name : context.TrimEnd('/') + "/" + name);
        var shown = fs.DisplayPath(path);
        return fs.ReadablePath(path) is null
            ? new DockerfileBuild(path, shown, [], $"service '{service.Name}' is built from {shown}, which the root does not hold")
            : new DockerfileBuild(path, shown, DockerfileText.Stages(fs.ReadLines(path)), null);
    }
}
