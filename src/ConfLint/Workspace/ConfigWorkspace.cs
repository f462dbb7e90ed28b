using ConfLint.Diagnostics;
using ConfLint.Syntax;
using ConfLint.Text;
using ConfLint.Workspace.Systemd;

namespace ConfLint.Workspace;

/// <summary>Every configuration file of one host, parsed, with the includes that connect them.</summary>
public sealed class ConfigWorkspace
{
    private readonly Dictionary<string, ConfigFile> _byResolvedPath;
    private readonly Dictionary<SyntaxNode, IncludeSite> _siteByDirective;
    private readonly Dictionary<SyntaxTree, ConfigFile> _byTree;
    private readonly Dictionary<FileId, ConfigFile> _byId;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<UnitFileSet, MergedUnit> _merged = new(ReferenceEqualityComparer.Instance);

    internal ConfigWorkspace(
        RootedFileSystem fileSystem,
        IReadOnlyList<ConfigFile> files,
        IReadOnlyList<IncludeSite> includes,
        IReadOnlyList<Diagnostic> diagnostics,
        IReadOnlyList<string> notes)
    {
        FileSystem = fileSystem;
        Files = files;
        Includes = includes;
        Diagnostics = diagnostics;
        Notes = notes;
        _byResolvedPath = files.ToDictionary(f => f.ResolvedPath, StringComparer.Ordinal);
        // One site per directive, but supervisord's files= of several patterns: the first pattern's site stands for it.
        _siteByDirective = new Dictionary<SyntaxNode, IncludeSite>(includes.Count);
        foreach (var site in includes)
        {
            _siteByDirective.TryAdd(site.Directive, site);
        }

        _byTree = files.Where(f => f.Tree is not null).ToDictionary(f => f.Tree!, f => f);
        _byId = files.ToDictionary(f => f.Id);
    }

    /// <summary>Includes of a file of a container's image (not read) that the image's facts say defines nothing another
    /// file looks up (<see cref="Knowledge.ImageFacts.NoDefinitions"/>: the nginx image's <c>mime.types</c>).</summary>
    public IReadOnlySet<SyntaxNode> ImageIncludesWithoutDefinitions { get; init; } = new HashSet<SyntaxNode>();

    /// <summary>What was loaded, and how (the root, the display prefix).</summary>
    public LoadOptions Options { get; init; } = new();

    public RootedFileSystem FileSystem { get; }

    /// <summary>The files in the order they were found: entries first, each include's targets after it.</summary>
    public IReadOnlyList<ConfigFile> Files { get; }

    public IReadOnlyList<IncludeSite> Includes { get; }

    /// <summary>The systemd units found (not masked), each with its unit file and drop-ins in systemd's order.</summary>
    public IReadOnlyList<UnitFileSet> Units { get; init; } = [];

    /// <summary>The masked units found (a link to <c>/dev/null</c> or an empty file hides the unit file): systemd loads
    /// none of them, and they are not loaded here. What the hidden file says (where a masked socket unit would listen) is
    /// read by the rules that need it (<c>MaskedUnits</c>).</summary>
    public IReadOnlyList<UnitFileSet> MaskedUnits { get; init; } = [];

    /// <summary>Under a root, how it starts HAProxy (<see cref="Haproxy.HaproxyLaunch.Find"/>, read once in discovery).</summary>
    public IReadOnlyList<Haproxy.HaproxyLaunch> HaproxyLaunches { get; init; } = [];

    /// <summary>What the root's process 1 runs, where the root shows it (<see cref="ProcessOneLaunch"/>).</summary>
    internal ProcessOneLaunch? ProcessOne { get; init; }

    /// <summary>Under a root, the Tomcats it runs (<see cref="Tomcat.TomcatInstall.Find"/>, read once in discovery); null
    /// when discovery did not look.</summary>
    public IReadOnlyList<Tomcat.TomcatInstall>? TomcatInstalls { get; init; }

    /// <summary>Under a root, the php-fpm.conf files a removed PHP package left behind (<see cref="LeftoverPhp"/>), not
    /// loaded: no php-fpm reads them. Their pools say which socket a site pointed at before the version was removed.</summary>
    public IReadOnlyList<string> LeftoverFpmConfigs { get; init; } = [];

    /// <summary>The Compose projects found (<see cref="Compose.ComposeDiscovery"/>), each with its services merged over its files.</summary>
    public IReadOnlyList<Compose.ComposeProject> ComposeProjects { get; init; } = [];

    /// <summary>CL000 findings of loading: files that do not parse or cannot be read, required includes that
    /// match nothing, include cycles.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>What was not checked and why (for <c>--verbose</c>).</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>
    /// A unit of <see cref="Units"/> with its drop-ins merged, from the trees loaded (a file not loaded is read and
    /// parsed). Made once per unit: validation and the host model both ask for every unit.
    /// </summary>
    /// <exception cref="IOException">A file of the unit that was not loaded cannot be read.</exception>
    public MergedUnit MergedUnit(UnitFileSet files) =>
        _merged.GetOrAdd(files, set => Systemd.MergedUnit.Load(FileSystem, set, path => FindFile(path) is { Tree: { } tree } ? ParseResult.Ok(tree) : null));

    public IEnumerable<ConfigFile> FilesOfKind(ConfigKind kind) => Files.Where(f => f.Kind == kind);

    /// <summary>The file at a server path, following links.</summary>
    public ConfigFile? FindFile(string serverPath)
    {
        var resolved = FileSystem.Resolve(serverPath) ?? RootedFileSystem.Normalize(serverPath);
        return _byResolvedPath.GetValueOrDefault(resolved) ?? _byResolvedPath.GetValueOrDefault(serverPath);
    }

    /// <summary>The file of an identity, when it was loaded.</summary>
    public ConfigFile? FileOf(FileId id) => _byId.GetValueOrDefault(id);

    /// <summary>The identity of the file at a server path: the loaded file's, or that of a file a fix would create there.</summary>
    public FileId FileIdAt(string serverPath)
    {
        var path = RootedFileSystem.Normalize(serverPath);
        return FindFile(path)?.Id ?? new FileId(path, Options.DisplayPath(path));
    }

    /// <summary>The file a tree (or a node of it) was parsed from.</summary>
    public ConfigFile FileOf(SyntaxTree tree) => _byTree[tree];

    /// <summary>The include site of an include directive, when the directive is one.</summary>
    public IncludeSite? IncludeAt(SyntaxNode directive) => _siteByDirective.GetValueOrDefault(directive);

    /// <summary>
    /// Whether an include may bring in something ConfLint did not read: it was not followed (outside the linted paths,
    /// or it closes a cycle), a file it brought in did not parse, it matched a link to a file in a folder the root does not
    /// hold (<see cref="IncludeSite.UnplacedLinks"/>), or it matched nothing because its folder is not under
    /// the root (a repository that leaves the folder to the deployment: what the server has there is unknown). A glob
    /// whose folder is there and holds no match is known to add nothing, and so is a file of a container's image that the
    /// image's facts say defines nothing (<see cref="ImageIncludesWithoutDefinitions"/>).
    /// </summary>
    public bool IncludeMayHideDefinitions(SyntaxNode directive)
    {
        if (IncludeAt(directive) is not { ClosesCycle: false } site)
        {
            return !ImageIncludesWithoutDefinitions.Contains(directive);
        }

        if (site.UnplacedLinks.Count > 0 || site.Targets.Any(t => t.Tree is null))
        {
            return true;
        }

        if (site.Targets.Count > 0)
        {
            return false;
        }

        var pattern = site.Pattern;
        var wildcard = RootedFileSystem.FirstWildcard(pattern);
        var staticPart = wildcard < 0 ? pattern : pattern[..wildcard];
        var folder = staticPart.EndsWith('/') ? staticPart.TrimEnd('/') : Path.GetDirectoryName(staticPart);
        return string.IsNullOrEmpty(folder) || !FileSystem.DirectoryExists(folder);
    }
}
