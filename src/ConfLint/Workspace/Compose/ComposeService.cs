namespace ConfLint.Workspace.Compose;

/// <summary>
/// One service of a Compose project, merged over its files as Compose merges them (see <see cref="ComposeReader"/>),
/// with where each setting is written. A value that depends on a variable ConfLint cannot see is null inside its
/// <see cref="ComposeScalar"/>: unknown, never a guess.
/// </summary>
public sealed class ComposeService
{
    internal ComposeService(string name, ComposeNode key, ComposeVariables variables)
    {
        Name = name;
        Key = key;
        Variables = variables;
    }

    /// <summary>The variables of its project's interpolation (its <c>.env</c>); for a service an <c>include:</c> brings in, the
    /// included model's (<see cref="ComposeVariables.Imported"/>).</summary>
    public ComposeVariables Variables { get; internal set; }

    /// <summary>The included file (<c>include:</c>) that defines it, or null when the project's own files do.</summary>
    public ConfigFile? IncludedFrom { get; internal set; }

    public string Name { get; }

    /// <summary>The service's name where it is first defined (a fix that adds a setting writes below it).</summary>
    public ComposeNode Key { get; }

    /// <summary>The service's mapping in each file that defines it, in the order the files merge.</summary>
    public List<ComposeNode> Bodies { get; } = [];

    public ComposeScalar? Image { get; internal set; }

    /// <summary>Whether the service is built from a Dockerfile: what the image holds beyond its mounts is not known.</summary>
    public bool Build { get; internal set; }

    /// <summary>The build context folder (a server path), when it is in the repository: its files may be copied into the image.</summary>
    public string? BuildContext { get; internal set; }

    /// <summary><c>build.dockerfile</c>, relative to the build context (<c>Dockerfile</c> when unset); null when it depends on
    /// a variable.</summary>
    public string? Dockerfile { get; internal set; }

    /// <summary><c>build.target</c>: the stage of the Dockerfile the image is built from (the last one when unset).</summary>
    public string? BuildTarget { get; internal set; }

    /// <summary>The build context's files the image holds in a daemon's configuration folders (<c>COPY nginx.conf
    /// /etc/nginx/conf.d</c>, read by <see cref="DockerfileCopies"/>): in the container they are read as bind-mounted files
    /// are, unless a volume is mounted over them.</summary>
    public List<ComposeImageFile> ImageFiles { get; } = [];

    /// <summary>Every build context file the image holds (<see cref="DockerfileCopies"/>), by its path in the image: an
    /// application's own files (<c>COPY src/ /usr/src/project/</c>) that its command may name.</summary>
    public Dictionary<string, ComposeImageFile> ContextFiles { get; } = new(StringComparer.Ordinal);

    private readonly Lock buildFileLock = new();
    private DockerfileBuild? buildFile;

    /// <summary>The Dockerfile of its <c>build:</c> (<see cref="BuildContext"/>'s <see cref="Dockerfile"/>) split into its
    /// stages (<see cref="DockerfileText.Stages"/>), read once through the rooted file system for every reader of the
    /// image (its copies, its entrypoint, the known image it is built from); <see cref="DockerfileBuild.Unseen"/> says why
    /// not where the root does not hold it.</summary>
    public DockerfileBuild BuildFile(RootedFileSystem fs)
    {
        lock (buildFileLock)
        {
            return buildFile ??= DockerfileBuild.Read(this, fs);
        }
    }

    /// <summary>The files the image's entrypoint renders from mounted templates (<see cref="NginxTemplates"/>): the path it
    /// writes in the container, and the template's server path (read as that file).</summary>
    internal Dictionary<string, string> RenderedFiles { get; } = new(StringComparer.Ordinal);

    /// <summary><c>command</c>: its words, each with where it is written; null when the image's default applies.</summary>
    public ComposeCommand? Command { get; internal set; }

    /// <summary><c>entrypoint</c>, likewise; setting it also clears the image's default command.</summary>
    public ComposeCommand? Entrypoint { get; internal set; }

    /// <summary>Whether its <c>command</c> is written (even where its words depend on a variable ConfLint cannot see, and
    /// <see cref="Command"/> is null): the image's CMD is then replaced.</summary>
    public bool CommandWritten { get; internal set; }

    /// <summary>Whether its <c>entrypoint</c> is written (see <see cref="CommandWritten"/>): the image's ENTRYPOINT is then
    /// replaced and its CMD cleared.</summary>
    public bool EntrypointWritten { get; internal set; }

    /// <summary>Whether its <c>working_dir</c> is written (not read): the image's WORKDIR is then replaced.</summary>
    public bool WorkingDirWritten { get; internal set; }

    /// <summary>Whether it <c>extends</c> another service (not read), whose settings it may take.</summary>
    public bool Extends { get; internal set; }

    /// <summary><c>environment</c> (without <c>env_file</c>'s): a null value is passed through from an environment ConfLint does not see.</summary>
    public Dictionary<string, string?> Environment { get; } = new(StringComparer.Ordinal);

    public List<ComposePort> Ports { get; } = [];

    public List<ComposeExpose> Expose { get; } = [];

    public List<ComposeVolume> Volumes { get; } = [];

    /// <summary><c>restart</c> as written, or null (Compose's default is <c>no</c>).</summary>
    public ComposeScalar? Restart { get; internal set; }

    /// <summary><c>deploy.restart_policy.condition</c>, which Compose applies in place of <c>restart</c>.</summary>
    public ComposeScalar? DeployRestart { get; internal set; }

    public bool HasHealthcheck { get; internal set; }

    public List<string> DependsOn { get; } = [];

    /// <summary>The services of <c>depends_on</c> with <c>restart: true</c>: Compose restarts this service after it
    /// recreates or restarts one of them (not after the engine restarts a container that died).</summary>
    public HashSet<string> RestartsWith { get; } = new(StringComparer.Ordinal);

    /// <summary>The networks it joins; the project's <c>default</c> network when it names none.</summary>
    public List<ComposeNetwork> Networks { get; } = [];

    public ComposeScalar? User { get; internal set; }

    public ComposeScalar? ContainerName { get; internal set; }

    public ComposeScalar? Hostname { get; internal set; }

    /// <summary><c>network_mode</c>: <c>host</c>, <c>none</c>, <c>service:NAME</c>, <c>container:NAME</c>, or null.</summary>
    public ComposeScalar? NetworkMode { get; internal set; }

    /// <summary>The names of <c>extra_hosts</c>: Docker writes them into the container's /etc/hosts, so the container
    /// resolves them without DNS.</summary>
    public List<string> ExtraHosts { get; } = [];

    /// <summary>Whether an <c>extra_hosts</c> entry depends on a variable without a value (its name is not known).</summary>
    public bool ExtraHostsUnknown { get; internal set; }

    /// <summary><c>profiles</c>: a service with profiles runs only when one of them is enabled.</summary>
    public List<string> Profiles { get; } = [];

    /// <summary><c>scale</c> or <c>deploy.replicas</c> when set to 0: the service does not run.</summary>
    public bool ScaledToZero { get; internal set; }

    /// <summary>The effective restart policy: <c>deploy.restart_policy</c> over <c>restart</c> (as Compose applies them);
    /// <c>no</c> when neither is set. Null when it depends on a variable.</summary>
    public string? RestartPolicy => DeployRestart is { } deploy
        ? deploy.Value switch { null => null, "none" or "no" => "no", "any" or "" => "always", var other => other }
        : Restart is { } restart ? restart.Value?.Split(':')[0] : "no";

    /// <summary>Whether Docker restarts the container after its main process crashes or is killed by the OOM killer.</summary>
    public bool? RestartsAfterCrash => RestartPolicy switch
    {
        null => null,
        "always" or "unless-stopped" or "on-failure" => true,
        _ => false,
    };

    /// <summary>The names another container on a shared network reaches it by: the service name, its container and host
    /// names, and its aliases on that network.</summary>
    public IEnumerable<string> NamesOn(string network)
    {
        yield return Name;
        if (ContainerName?.Value is { Length: > 0 } container)
        {
            yield return container;
        }

        if (Hostname?.Value is { Length: > 0 } host)
        {
            yield return host;
        }

        foreach (var alias in Networks.Where(n => n.Name == network).SelectMany(n => n.Aliases))
        {
            yield return alias;
        }
    }

    /// <summary>A network alias whose variable has no known value.</summary>
    internal bool HasUnknownAlias { get; set; }

    /// <summary>Whether the service answers to a name ConfLint cannot tell: a <c>container_name</c>, <c>hostname</c> or
    /// network alias whose interpolation has no known value.</summary>
    public bool NamesUnknown => ContainerName is { Value: null } || Hostname is { Value: null } || HasUnknownAlias;

    /// <summary><c>links</c>: each entry's service and the name this container reaches it by (its alias, or the service's
    /// name). The Compose specification ('links'): "Containers for the linked service are reachable at a hostname
    /// identical to the alias, or the service name if no alias is specified", and a link names a service of the same
    /// project only; with networks declared, "links SHOULD NOT override the network configuration" (a shared network is
    /// still needed). So a link adds a name of a known service, and no container outside the project.</summary>
    public List<(string Service, string Alias)> Links { get; } = [];

    /// <summary>A <c>links</c> entry whose variable has no known value: which name it adds is not known.</summary>
    public bool LinksUnknown { get; internal set; }

    /// <summary><c>external_links</c>: containers started outside the project (the Compose specification's
    /// 'external_links') answer names in this container that ConfLint cannot see.</summary>
    public bool HasExternalLinks { get; internal set; }

    /// <summary>The names of this container's own <c>links</c> to <paramref name="linked"/> on a network they share (a
    /// link does not reach across networks).</summary>
    public IEnumerable<string> LinkAliasesOf(ComposeService linked) =>
        Links.Count == 0 || !NetworkNames().Intersect(linked.NetworkNames()).Any()
            ? []
            : Links.Where(l => l.Service.Equals(linked.Name, StringComparison.Ordinal)).Select(l => l.Alias);

    /// <summary>Whether an <c>env_file</c> adds variables (read by the host model where the files are in the root).</summary>
    public bool HasEnvFile { get; internal set; }

    /// <summary><c>env_file</c>'s files in order (a later one wins; <c>environment</c> wins over all).</summary>
    public List<ComposeEnvFile> EnvFiles { get; } = [];

    /// <summary>A <c>ports</c> or <c>expose</c> entry that depends on a variable: the list is not fully known.</summary>
    public bool PortsIncomplete { get; internal set; }

    /// <summary>The names of the networks it joins (<c>default</c> when it names none).</summary>
    public IEnumerable<string> NetworkNames() => Networks.Count == 0 ? ["default"] : Networks.Select(n => n.Name);

    /// <summary>Where a repository file (a server path) lands inside this container, by its bind mounts and the named
    /// volumes whose files the root holds (<see cref="ComposeVolume.HostSource"/>), else by the image's copy of it
    /// (<see cref="ImageFiles"/>), or null when it is not there: a file of a mount that another mount deeper in the
    /// container hides (<see cref="MountOf"/>) is not seen there.</summary>
    public string? ContainerPathOf(string serverPath, string folder)
    {
        for (var i = Volumes.Count - 1; i >= 0; i--)
        {
            var volume = Volumes[i];
            if (volume.HostSource(folder) is not { } found)
            {
                continue;
            }

            var source = found.TrimEnd('/');
            var inside = serverPath == source ? volume.Target
                : serverPath.StartsWith(source + "/", StringComparison.Ordinal) ? volume.Target.TrimEnd('/') + serverPath[source.Length..]
                : null;
            if (inside is not null && ReferenceEquals(MountOf(inside), volume))
            {
                return inside;
            }
        }

        return ImageFiles.LastOrDefault(f => f.Source == serverPath && !Covered(f.Target)) is { } copied ? copied.Target : null;
    }

    /// <summary>
    /// The mount a container path is seen through, or null where the image's own files are: of the mounts at the path or
    /// a folder above it, the deepest. Docker mounts a container's volumes in the order of their targets' depth, parents
    /// first (moby's <c>daemon/volumes.go</c>, <c>sortMounts</c>: by the number of path parts), so a bind mount on
    /// <c>/etc/nginx/conf.d</c> lies over a named volume on <c>/etc/nginx</c> whatever their order in the file. Two mounts
    /// of one target are merged by Compose into one (the later file's) before that.
    /// </summary>
    public ComposeVolume? MountOf(string containerPath)
    {
        ComposeVolume? found = null;
        var depth = -1;
        foreach (var volume in Volumes)
        {
            var target = volume.Target.TrimEnd('/');
            if (containerPath != target && !containerPath.StartsWith(target + "/", StringComparison.Ordinal))
            {
                continue;
            }

            var parts = target.Count(c => c == '/');
            if (parts >= depth)
            {
                (found, depth) = (volume, parts);
            }
        }

        return found;
    }

    /// <summary>The repository file (a server path) a path inside this container is, as the container sees it: the mount
    /// it is seen through (<see cref="MountOf"/>: the deepest over it) decides, a bind mount's source folder or a named
    /// volume's files where the root holds them (<see cref="ComposeVolume.HostSource"/>), else nothing ConfLint sees (a
    /// tmpfs, a bind from outside the root); with no mount over it, the file the image's Dockerfile copied there from the
    /// build context (<see cref="ContextFiles"/>). Null where the file is not known. Only a path: whether the file is there
    /// is the caller's to read.</summary>
    /// <param name="containerPath">An absolute path in the container.</param>
    /// <param name="folder">The project's folder, which relative bind sources are taken from.</param>
    public string? ServerPathOf(string containerPath, string folder)
    {
        if (!containerPath.StartsWith('/'))
        {
            return null;
        }

        var path = RootedFileSystem.Normalize(containerPath);
        if (MountOf(path) is { } over)
        {
            if (over.HostSource(folder) is not { } source)
            {
                return null;
            }

            var target = over.Target.Length > 1 ? over.Target.TrimEnd('/') : over.Target;
            return RootedFileSystem.Normalize(source.TrimEnd('/') + "/" + path[target.Length..].TrimStart('/'));
        }

        return ContextFiles.TryGetValue(path, out var copied) ? copied.Source : null;
    }

    /// <summary>Whether a volume of any type is mounted at a container path or a folder above it: what the image holds
    /// there is hidden (a named volume shows the image's files only while it is new and empty).</summary>
    public bool Covered(string containerPath) =>
        Volumes.Any(v => containerPath == v.Target.TrimEnd('/') || containerPath.StartsWith(v.Target.TrimEnd('/') + "/", StringComparison.Ordinal));

    public override string ToString() => $"service '{Name}'";
}
