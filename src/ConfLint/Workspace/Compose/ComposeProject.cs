namespace ConfLint.Workspace.Compose;

/// <summary>
/// One Compose project: its files in the order Compose merges them (the main file, then its override or the
/// <c>--compose</c> files in order), its folder (bind mount sources are relative to it) and its services.
/// </summary>
public sealed class ComposeProject
{
    internal ComposeProject(string folder, IReadOnlyList<ConfigFile> files, ComposeVariables variables)
    {
        Folder = folder;
        Files = files;
        Variables = variables;
    }

    /// <summary>The variables its files are interpolated with (the project folder's <c>.env</c>).</summary>
    public ComposeVariables Variables { get; }

    /// <summary>The project folder (a server path): relative bind mount sources start here.</summary>
    public string Folder { get; }

    public IReadOnlyList<ConfigFile> Files { get; }

    public List<ComposeService> Services { get; } = [];

    /// <summary>Why the project is not fully known (a file its <c>include:</c> names is not read, or leaves the root), or
    /// null: a service may then be defined, or given settings, where ConfLint does not look, so what it lacks is not judged.</summary>
    public string? Incomplete { get; internal set; }

    /// <summary>The services an included file defines and a file of the project's own gives settings too (merged, the
    /// including file's over the included one's: compose-go 2.10, Docker Compose 5; earlier releases refuse the project).</summary>
    internal List<(string Service, ConfigFile Included, ConfigFile Including)> IncludeMerges { get; } = [];

    /// <summary>Why what a service lacks (a restart policy, a published port) is not judged, or null: the project is not
    /// fully known (<see cref="Incomplete"/>), or the service has neither <c>image</c> nor <c>build</c> after the merge
    /// (a fragment whose definition is elsewhere; Compose refuses to start it as it is).</summary>
    public string? NotFullyKnown(ComposeService service) =>
        Incomplete ?? (service.Image is null && !service.Build ? $"service '{service.Name}' has neither image nor build in the files read (its definition is elsewhere)" : null);

    /// <summary>The services that only a Compose file of the project's folder which does not run defines (an overlay
    /// <c>COMPOSE_FILE</c> or <c>--compose</c> leaves out, as <c>docker-compose.grafana.yml</c>), by name, with that file's
    /// display path: a service of the project by that name wins (<see cref="LeftOutDefinition"/>).</summary>
    private readonly Dictionary<string, string> _leftOut = new(StringComparer.Ordinal);

    /// <summary>The display path of a Compose file of the project's folder that does not run and defines service
    /// <paramref name="name"/>, where no service of the project has that name; else null. An operator adds such a file
    /// (<c>COMPOSE_FILE</c>, <c>-f</c>) to run what it defines, so a name only it answers to is a choice of which files
    /// run, not a mistake the files that run prove.</summary>
    public string? LeftOutDefinition(string name) =>
        _leftOut.TryGetValue(name, out var file) && !Services.Any(s => s.Name == name) ? file : null;

    internal void AddLeftOut(string service, string file) => _leftOut.TryAdd(service, file);

    /// <summary>The top-level <c>name</c> as written (the last file's), or null.</summary>
    public string? NameWritten { get; internal set; }

    /// <summary>The top-level <c>volumes</c>, by key, merged over the files.</summary>
    public Dictionary<string, ComposeVolumeDeclaration> DeclaredVolumes { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The project's name as Compose sets it, highest first (docs.docker.com/compose/how-tos/project-name): the <c>-p</c>
    /// flag (not seen: the command line is not read), <c>COMPOSE_PROJECT_NAME</c> (the project folder's <c>.env</c>; the
    /// shell's is not seen), the top-level <c>name</c>, the project folder's base name made a valid name (compose-go's
    /// <c>NormalizeProjectName</c>: lower case, only <c>[a-z0-9_-]</c> kept, leading <c>_</c> and <c>-</c> trimmed). Null
    /// when the value that wins is not known.
    /// </summary>
    public string? Name
    {
        get
        {
            var set = Variables.Lookup("COMPOSE_PROJECT_NAME");
            if (set.Set)
            {
                return set.Value is { Length: > 0 } value ? value : null;
            }

            if (NameWritten is not null)
            {
                return Variables.Interpolate(NameWritten) is { Length: > 0 } named ? named : null;
            }

            var folderName = Path.GetFileName(Folder.TrimEnd('/')).ToLowerInvariant();
            var normalized = new string(folderName.Where(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-').ToArray()).TrimStart('_', '-');
            return normalized.Length > 0 ? normalized : null;
        }
    }

    /// <summary>
    /// The name Docker knows a named volume by (compose-go's <c>loader/normalize.go</c>; the Compose specification's
    /// <c>volumes</c>): its <c>name</c> when set, as written (interpolated; Compose exposes the project's name to
    /// interpolation as <c>COMPOSE_PROJECT_NAME</c>), else the key itself for an <c>external</c> volume, else
    /// <c>PROJECT_KEY</c>. Null when it is not known (a variable without a value, an unknown project name), or when the key
    /// is not declared (Compose refuses the project: "refers to undefined volume").
    /// </summary>
    public string? VolumeNameOf(string key)
    {
        if (!DeclaredVolumes.TryGetValue(key, out var declared))
        {
            return null;
        }

        if (declared.Name is { } written)
        {
            return ComposeInterpolation.Substitute(written, n => n == "COMPOSE_PROJECT_NAME" && !Variables.Lookup(n).Set && Name is { } project ? ComposeVariable.Of(project) : Variables.Lookup(n))
                is { Length: > 0 } name ? name : null;
        }

        return declared.External ? key : Name is { } projectName ? projectName + "_" + key : null;
    }

    /// <summary>Networks declared <c>external</c>: containers of other projects may answer on them.</summary>
    public HashSet<string> ExternalNetworks { get; } = new(StringComparer.Ordinal);

    public ComposeService? Service(string name) => Services.FirstOrDefault(s => s.Name == name);

    /// <summary>The services that run (not scaled to zero; no profile, or one <c>COMPOSE_PROFILES</c> of the project's
    /// <c>.env</c> enables).</summary>
    public IEnumerable<ComposeService> Running => Services.Where(s => !s.ScaledToZero && (s.Profiles.Count == 0 || s.Profiles.Any(EnabledProfiles.Contains)));

    /// <summary>The profiles <c>.env</c> enables (<c>COMPOSE_PROFILES</c>, comma-separated; <c>*</c> enables all); the
    /// <c>--profile</c> options of the command that starts the project are not seen.</summary>
    public IReadOnlySet<string> EnabledProfiles => _enabledProfiles ??= Profiles();

    private IReadOnlySet<string>? _enabledProfiles;

    private HashSet<string> Profiles()
    {
        var named = Variables.Lookup("COMPOSE_PROFILES") is { Known: true, Value: { } list }
            ? list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : [];
        return named.Contains("*") ? Services.SelectMany(s => s.Profiles).ToHashSet(StringComparer.Ordinal) : named.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The services that answer to <paramref name="name"/> on a network <paramref name="from"/> shares with them.</summary>
    public IEnumerable<ComposeService> Answering(ComposeService from, string name) =>
        Services.Where(s => from.NetworkNames().Intersect(s.NetworkNames()).Any(n => s.NamesOn(n).Contains(name, StringComparer.OrdinalIgnoreCase))
            || from.LinkAliasesOf(s).Contains(name, StringComparer.OrdinalIgnoreCase));

    /// <summary>Whether some name could be answered by containers this project does not define (an external network, or a
    /// service whose networks are not the project's own), or by a service on a shared network whose names are not all
    /// known (a <c>container_name</c>, <c>hostname</c> or alias from a variable without a value).</summary>
    public bool MayHaveOtherContainers(ComposeService from) =>
        from.NetworkNames().Any(ExternalNetworks.Contains) || from.NetworkMode is not null
        || Services.Any(s => s.NamesUnknown && s.NetworkNames().Intersect(from.NetworkNames()).Any());

    /// <summary>The service a repository file is bind-mounted into, with its path in that container.</summary>
    public IEnumerable<(ComposeService Service, string ContainerPath)> MountsOf(string serverPath)
    {
        foreach (var service in Services)
        {
            if (service.ContainerPathOf(serverPath, Folder) is { } inside)
            {
                yield return (service, inside);
            }
        }
    }

    /// <summary>The server path of a bind mount's source, or null when it is not in the project's file system (<c>~</c>, a variable).</summary>
    public static string? SourcePath(string? source, string folder)
    {
        if (source is null || source.StartsWith('~'))
        {
            return null;
        }

        return RootedFileSystem.Normalize(source.StartsWith('/') ? source : folder.TrimEnd('/') + "/" + source);
    }
}
