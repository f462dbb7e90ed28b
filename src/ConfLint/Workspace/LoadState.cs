using ConfLint.Catalog;
using ConfLint.Diagnostics;
using ConfLint.Syntax;
using ConfLint.Text;
using ConfLint.Workspace.Systemd;

namespace ConfLint.Workspace;

/// <summary>What one load has found so far: the files (one per real path), include sites, findings and notes.</summary>
internal sealed class LoadState(RootedFileSystem fileSystem, LoadOptions options)
{
    private readonly Dictionary<string, ConfigFile> _byResolved = new(StringComparer.Ordinal);
    private readonly List<string> _lintedRoots = options.Paths.Select(p => Path.GetFullPath(p, options.WorkingDirectory)).ToList();
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _apacheEnvironments = new(StringComparer.Ordinal);

    public RootedFileSystem FileSystem { get; } = fileSystem;

    public LoadOptions Options { get; } = options;

    public List<ConfigFile> Files { get; } = [];

    public List<IncludeSite> Sites { get; } = [];

    public List<Diagnostic> Diagnostics { get; } = [];

    public List<string> Notes { get; } = [];

    /// <summary>Includes of a container image's file that its facts say defines nothing (<see cref="Knowledge.ImageFacts.NoDefinitions"/>).</summary>
    public HashSet<Syntax.SyntaxNode> ImageIncludesWithoutDefinitions { get; } = [];

    public List<UnitFileSet> Units { get; } = [];

    /// <summary>The masked units (<see cref="UnitFileSet.IsMasked"/>), not loaded.</summary>
    public List<UnitFileSet> MaskedUnits { get; } = [];

    /// <summary>How the root starts HAProxy, found once in discovery (it reads every unit that names haproxy).</summary>
    public IReadOnlyList<Haproxy.HaproxyLaunch> HaproxyLaunches { get; set; } = [];

    /// <summary>What the root's process 1 runs, where the root shows it (<see cref="ProcessOneLaunch"/>).</summary>
    public ProcessOneLaunch? ProcessOne { get; set; }

    public IReadOnlyList<Tomcat.TomcatInstall>? TomcatInstalls { get; set; }

    /// <summary>The php-fpm.conf files of removed PHP packages, not loaded (<see cref="ConfigWorkspace.LeftoverFpmConfigs"/>).</summary>
    public List<string> LeftoverFpmConfigs { get; } = [];

    /// <summary>The server paths of the <c>--compose</c> files, in order.</summary>
    public List<string> ComposeFiles { get; } = [];

    /// <summary>The <c>.env</c> of each folder looked at for <c>COMPOSE_FILE</c>, until a project read from that folder takes it.</summary>
    public Dictionary<string, Compose.ComposeVariables> DotEnvs { get; } = new(StringComparer.Ordinal);

    /// <summary>The files <c>COMPOSE_FILE</c> lists in a folder's <c>.env</c>, by folder, in the order found (none where its
    /// value is not known).</summary>
    public List<(string Folder, List<string> Paths, string DotEnv)> ComposeFileLists { get; } = [];

    /// <summary>The server paths of the files a Compose file's <c>include:</c> names (<see cref="Compose.ComposeDiscovery.AddIncludedFiles"/>):
    /// read into the projects that include them, not as projects of their own.</summary>
    public HashSet<string> ComposeIncluded { get; } = new(StringComparer.Ordinal);

    /// <summary>The Compose projects, once the first round of files is parsed.</summary>
    public List<Compose.ComposeProject>? ComposeProjects { get; set; }

    /// <summary>Debian's <c>envvars</c> beside the Apache configuration (what apache2ctl sources), or nothing.</summary>
    public IReadOnlyDictionary<string, string> ApacheEnvironment(string serverRoot)
    {
        lock (_apacheEnvironments)
        {
            if (!_apacheEnvironments.TryGetValue(serverRoot, out var found))
            {
                found = Workspace.ApacheEnvironment.Read(FileSystem, serverRoot);
                _apacheEnvironments[serverRoot] = found;
            }

            return found;
        }
    }

    public void AddEntry(string serverPath, ConfigKind kind, string prefix, List<ConfigFile> pending) =>
        GetOrAdd(serverPath, kind, prefix, pending).IsEntry = true;

    public ConfigFile GetOrAdd(string serverPath, ConfigKind kind, string prefix, List<ConfigFile> pending)
    {
        var normalized = RootedFileSystem.Normalize(serverPath);
        var resolved = FileSystem.Resolve(normalized) ?? normalized;
        if (_byResolved.TryGetValue(resolved, out var existing))
        {
            return existing;
        }

        var file = new ConfigFile(normalized, resolved, Display(normalized), kind) { Prefix = prefix };
        _byResolved[resolved] = file;
        Files.Add(file);
        pending.Add(file);
        return file;
    }

    public string Display(string serverPath) => Options.DisplayPath(serverPath);

    public bool IsInsideLintedPaths(string hostPath) =>
        _lintedRoots.Any(root => hostPath == root || hostPath.StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal));

    public void AddSyntaxError(Location location, string message) => Diagnostics.Add(EngineRules.SyntaxErrorAt(location, message));

    /// <summary>A whole file, named by its server path, that has no text to point into.</summary>
    public Location FileOnly(string serverPath) => Location.FileOnly(new FileId(serverPath, Display(serverPath)));
}
