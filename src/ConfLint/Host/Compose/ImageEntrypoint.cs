using ConfLint.Knowledge;
using ConfLint.Workspace;
using ConfLint.Workspace.Compose;

namespace ConfLint.Host.Compose;

/// <summary>
/// What a Compose service's image runs before its <c>command</c>: the image's <c>ENTRYPOINT</c>, its <c>CMD</c> and the
/// ports it <c>EXPOSE</c>s, where the root shows them. Docker runs ENTRYPOINT with CMD as its arguments; a Compose
/// <c>command</c> replaces CMD only, so its words are the entrypoint's arguments, and the program only where the
/// entrypoint is empty or runs them (docs.docker.com, Dockerfile reference, "Understand how CMD and ENTRYPOINT interact":
/// an exec-form ENTRYPOINT gets CMD appended; the shell form <c>ENTRYPOINT command param</c> "ignores any CMD or docker
/// run command line arguments"; "If CMD is defined from the base image, setting ENTRYPOINT will reset CMD to an empty
/// value". Compose file reference, services: <c>command</c> "overrides the default command declared by the container
/// image, for example by Dockerfile's CMD"; <c>entrypoint</c> "overrides the default entrypoint" and "Compose also
/// clears out any default command on the Docker image"). Read from:
/// <list type="bullet">
/// <item>the Dockerfile of a <c>build:</c> in the root (its context's <c>Dockerfile</c> or <c>build.dockerfile</c>): the
/// stage the image is built from (<c>build.target</c>, else the last), its ENTRYPOINT/CMD/EXPOSE, and those a
/// <c>FROM</c> of an earlier stage inherits (a stage inherits its base's, BuildKit's image config);</item>
/// <item>an image ConfLint knows (<c>data/images/images.txt</c>): a language base image (<c>command-only</c>: python has
/// no ENTRYPOINT, node's docker-entrypoint.sh runs <c>"$@"</c>) or an official server image (php's
/// docker-php-entrypoint, nginx's /docker-entrypoint.sh end in <c>exec "$@"</c>; httpd has none), or one whose
/// entrypoint is known to run its command (<c>command-runs</c>): the command runs.</item>
/// </list>
/// Any other image's ENTRYPOINT is not known (<see cref="Unknown"/>): ContainerServers takes its command to run, as the
/// official images' entrypoints run theirs; only an entrypoint the root shows is judged. The Dockerfile's own CMD (with
/// its stage's ENV and WORKDIR) is the program of a service that writes no <c>command</c> or <c>entrypoint</c> only over
/// a known entrypoint: over an unknown one it may be only its arguments (<see cref="ContainerServers"/>).
/// </summary>
/// <param name="Exec">The exec-form ENTRYPOINT's words (empty: none, or the image's entrypoint runs its arguments).</param>
/// <param name="Shell">A shell-form ENTRYPOINT's text: <c>/bin/sh -c</c> runs it, and no CMD or command reaches it.</param>
/// <param name="Cmd">The image's CMD (exec-form words, or a shell form as <c>/bin/sh -c TEXT</c>); null where it has none
/// or it is not known.</param>
/// <param name="Where">The Dockerfile and line that set the entrypoint (or the image), for messages.</param>
/// <param name="Unknown">Why the entrypoint is not known; null where it is.</param>
internal sealed record ImageEntrypoint(IReadOnlyList<string> Exec, string? Shell, IReadOnlyList<string>? Cmd, string Where, string? Unknown)
{
    /// <summary>The ports the image's Dockerfile EXPOSEs (a stage inherits its base stage's, as it does ENTRYPOINT), each
    /// with the Dockerfile (a server path) and line; empty where none is known. Docker records them in the image's config
    /// (Dockerfile reference, "EXPOSE": "informs Docker that the container listens on the specified network ports at
    /// runtime"), as Compose's <c>expose</c> does for the service.</summary>
    public IReadOnlyList<(int Port, string Dockerfile, int Line)> Exposed { get; init; } = [];

    /// <summary>The Dockerfile (a server path) and line of the instruction that set <see cref="Cmd"/>, and whether it is
    /// in the exec form; null where there is no CMD or it is not the Dockerfile's.</summary>
    public (string Dockerfile, int Line, bool Exec)? CmdAt { get; init; }

    /// <summary>The ENV the Dockerfile's stages set for the image (a value null where it is not a literal); a variable not
    /// named here may be set by a base image the root does not show.</summary>
    public IReadOnlyDictionary<string, string?> Env { get; init; } = new Dictionary<string, string?>(StringComparer.Ordinal);

    /// <summary>The image's working directory, where the Dockerfile's WORKDIR says it (absolute, without a variable); null
    /// where it is the base image's, which the root does not show.</summary>
    public string? WorkDir { get; init; }

    /// <summary>Where the Dockerfile EXPOSEs <paramref name="port"/>: its line, read as one of the host's files; null where
    /// it does not, or the file cannot be read.</summary>
    public Diagnostics.Location? ExposedAt(int port, HostFiles files) =>
        Exposed.FirstOrDefault(e => e.Port == port) is { Dockerfile: { } path, Line: > 0 and var line } && files.Read(path) is { } source && line <= source.LineCount
            ? new Diagnostics.Location(source, source.GetLineSpan(line))
            : null;

    /// <summary>The service's image's entrypoint, read once per host (<see cref="HostModel.Shared{TKey, TValue}"/>), or
    /// without a host each time.</summary>
    public static ImageEntrypoint Of(ComposeService service, RootedFileSystem? fs, HostModel? host) =>
        host is null ? Read(service, fs) : host.Shared("ImageEntrypoint", service, s => Read(s, fs));

    private static ImageEntrypoint Read(ComposeService service, RootedFileSystem? fs)
    {
        if (!service.Build)
        {
            return service.Image?.Value is { } image ? FromImage(image, $"image {image}") : new ImageEntrypoint([], null, null, "no image", "the service names no image");
        }

        if (fs is null)
        {
            return new ImageEntrypoint([], null, null, "its build", $"service '{service.Name}' is built from a Dockerfile ConfLint does not see");
        }

        var build = service.BuildFile(fs);
        if (build.Unseen is { } unseen)
        {
            return new ImageEntrypoint([], null, null, "its build", unseen);
        }

        if (build.Target(service) is not { } target)
        {
            return service.BuildTarget is { } named
                ? new ImageEntrypoint([], null, null, build.Shown, $"build.target '{named}' names no stage of {build.Shown}")
                : new ImageEntrypoint([], null, null, build.Shown, $"{build.Shown} has no FROM");
        }

        // The image configuration of the stages, base first: each starts from its base stage's, or its FROM image's.
        ImageEntrypoint? current = null;
        foreach (var stage in target.Chain())
        {
            current = current is not null ? Fold(current, stage, build)
                : stage.From.Contains('$', StringComparison.Ordinal) ? Fold(new ImageEntrypoint([], null, null, $"{build.Shown}:{stage.Line}", $"{build.Shown}:{stage.Line}: FROM {stage.From} depends on a build argument"), stage, build)
                : Fold(FromImage(stage.From, $"{build.Shown}:{stage.Line} (FROM {stage.From})"), stage, build);
        }

        return current!;
    }

    /// <summary>The image configuration after a stage's ENTRYPOINT, CMD, ENV, WORKDIR and EXPOSE, on top of <paramref name="current"/>.</summary>
    private static ImageEntrypoint Fold(ImageEntrypoint current, DockerfileStage stage, DockerfileBuild build)
    {
        var path = build.Path!;
        var shown = build.Shown;
        foreach (var (keyword, rest, line) in stage.Instructions)
        {
            switch (keyword)
            {
                case "ENTRYPOINT":
                    current = DockerfileText.ExecForm(rest) is { } exec
                        ? current with { Exec = exec, Shell = null, Cmd = null, CmdAt = null, Where = $"{shown}:{line}", Unknown = null }
                        : current with { Exec = [], Shell = rest, Cmd = null, CmdAt = null, Where = $"{shown}:{line}", Unknown = null };
                    break;
                case "CMD":
                    var cmd = DockerfileText.ExecForm(rest);
                    current = current with { Cmd = cmd ?? ["/bin/sh", "-c", rest], CmdAt = (path, line, cmd is not null) };
                    break;
                case "ENV":
                    var env = new Dictionary<string, string?>(current.Env, StringComparer.Ordinal);
                    DockerfileText.Assign(env, rest);
                    current = current with { Env = env };
                    break;
                case "WORKDIR":
                    current = current with
                    {
                        WorkDir = rest.Length == 0 || rest.Contains('$', StringComparison.Ordinal) || (!rest.StartsWith('/') && current.WorkDir is null) ? null
                            : RootedFileSystem.Normalize(rest.StartsWith('/') ? rest : current.WorkDir!.TrimEnd('/') + "/" + rest),
                    };
                    break;
                case "EXPOSE":
                    var known = current.Exposed;
                    var ports = rest.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)
                        .Select(p => p.Split('/')[0])
                        .Select(p => int.TryParse(p, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536 ? port : 0)
                        .Where(p => p > 0 && known.All(e => e.Port != p))
                        .Select(p => (p, path, line));
                    current = current with { Exposed = known.Concat(ports).ToList() };
                    break;
            }
        }

        return current;
    }

    /// <summary>An image's own entrypoint: empty (its command runs) for the images ConfLint knows to run it; else unknown.</summary>
    private static ImageEntrypoint FromImage(string image, string where) =>
        ImageTable.Instance.Find(image) is { } facts && (facts.CommandOnly || facts.Server is not null || facts.CommandRuns)
            ? new ImageEntrypoint([], null, null, where, null)
            : new ImageEntrypoint([], null, null, where, $"the ENTRYPOINT of {image} ({where}) is not known, so the command's words may be only its arguments");
}
