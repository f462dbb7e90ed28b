using ConfLint.Catalog;
using ConfLint.Diagnostics;
using ConfLint.Syntax;
using ConfLint.Text;
using ConfLint.Workspace.Systemd;

namespace ConfLint.Workspace;

/// <summary>
/// Finds a host's configuration files, parses them in parallel, and follows their includes. With a root,
/// the standard locations below it are discovered (nginx, Apache, PHP-FPM, systemd); with paths, every file
/// of a known kind below them is read. A file included from two places is parsed once and knows both.
/// </summary>
public static class WorkspaceLoader
{
    public static ConfigWorkspace Load(LoadOptions options)
    {
        var fileSystem = new RootedFileSystem(options.Root is null ? null : Path.GetFullPath(options.Root, options.WorkingDirectory), options.Overlay);
        var state = new LoadState(fileSystem, options);
        var pending = new List<ConfigFile>();
        var timer = System.Diagnostics.Stopwatch.StartNew();
        var allocated = GC.GetTotalAllocatedBytes();
        void Stage(string name)
        {
            if (options.Timings is { } timings)
            {
                timings.Add(($"{name} [{(GC.GetTotalAllocatedBytes() - allocated) / 1_000_000} MB]", timer.Elapsed));
                allocated = GC.GetTotalAllocatedBytes();
            }

            timer.Restart();
        }

        if (options.Root is not null)
        {
            DiscoverRoot(state, pending);
        }

        foreach (var path in options.Paths)
        {
            DiscoverPath(state, path, pending);
        }

        Stage("discovery");
        while (pending.Count > 0)
        {
            Parallel.ForEach(pending, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxDegreeOfParallelism) }, file => ReadAndParse(state, file));
            Stage($"parse {pending.Count} files");
            var next = new List<ConfigFile>();
            var requests = new List<IncludeRequest>[pending.Count];
            Parallel.For(0, pending.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxDegreeOfParallelism) }, i => requests[i] = FindIncludes(state, pending[i]));
            for (var i = 0; i < pending.Count; i++)
            {
                FollowIncludes(state, pending[i], requests[i], next);
            }

            Stage("includes");
            pending = next;
        }

        if (options.Root is null)
        {
            state.Units.AddRange(PathModeUnits(state));
        }

        MarkCycles(state);
        var diagnostics = state.Files
            .Where(f => f.Error is not null || f.ReadError is not null)
            .Select(FileDiagnostic)
            .Concat(state.Diagnostics)
            .ToList();
        return new ConfigWorkspace(fileSystem, state.Files, state.Sites, diagnostics, state.Notes) { Units = state.Units, Options = options };
    }

    private static void DiscoverRoot(LoadState state, List<ConfigFile> pending)
    {
        var fs = state.FileSystem;
        foreach (var (path, kind, prefix) in new[]
                 {
                     ("/etc/nginx/nginx.conf", ConfigKind.Nginx, "/etc/nginx"),
                     ("/etc/apache2/apache2.conf", ConfigKind.Apache, "/etc/apache2"),
                     ("/etc/httpd/conf/httpd.conf", ConfigKind.Apache, "/etc/httpd"),
                     ("/etc/php-fpm.conf", ConfigKind.PhpFpm, "/usr"),
                 })
        {
            if (fs.FileExists(path))
            {
                state.AddEntry(path, kind, prefix, pending);
            }
        }

        foreach (var path in fs.Glob("/etc/php/*/fpm/php-fpm.conf"))
        {
            state.AddEntry(path, ConfigKind.PhpFpm, "/usr", pending);
        }

        var units = new UnitResolver(fs);
        foreach (var unit in units.Units())
        {
            if (unit.IsMasked || unit.MainPath is null)
            {
                continue;
            }

            state.Units.Add(unit);
            foreach (var path in unit.Files)
            {
                state.AddEntry(path, ConfigKind.Systemd, "/", pending);
            }
        }
    }

    /// <summary>Without a root, each unit file read is a unit, with the drop-ins of its <c>NAME.d/</c> folder beside it.</summary>
    private static IEnumerable<UnitFileSet> PathModeUnits(LoadState state)
    {
        var systemd = state.Files.Where(f => f.Kind == ConfigKind.Systemd).ToList();
        foreach (var file in systemd)
        {
            var name = Path.GetFileName(file.ServerPath);
            var folder = Path.GetDirectoryName(file.ServerPath) ?? "/";
            if (!UnitNames.IsValid(name) || Path.GetFileName(folder).EndsWith(".d", StringComparison.Ordinal))
            {
                continue;
            }

            var dropInFolder = folder.TrimEnd('/') + "/" + name + ".d/";
            var dropIns = systemd
                .Where(f => f.ServerPath.StartsWith(dropInFolder, StringComparison.Ordinal) && f.ServerPath.EndsWith(".conf", StringComparison.Ordinal))
                .Select(f => f.ServerPath)
                .OrderBy(p => Path.GetFileName(p), StringComparer.Ordinal)
                .ToList();
            yield return new UnitFileSet { Name = name, Path = file.ServerPath, MainPath = file.ServerPath, IsMasked = false, DropIns = dropIns };
        }
    }

    private static void DiscoverPath(LoadState state, string path, List<ConfigFile> pending)
    {
        var fs = state.FileSystem;
        var hostPath = Path.GetFullPath(path, state.Options.WorkingDirectory);
        var serverPath = fs.IsRooted ? fs.ToServerPath(hostPath) : hostPath;
        if (File.Exists(hostPath))
        {
            var kind = KindDetector.Detect(hostPath, () => Head(hostPath));
            if (kind is null)
            {
                state.Diagnostics.Add(EngineRules.SyntaxErrorAt(Location.FileOnly(new FileId(serverPath, state.Display(serverPath))),
                    "cannot tell what kind of configuration this is (nginx, apache, php-fpm or systemd): rename it or place it under its daemon's folder"));
                return;
            }

            state.AddEntry(serverPath, kind.Value, PrefixFor(hostPath, kind.Value, fs), pending);
            return;
        }

        if (!Directory.Exists(hostPath))
        {
            throw new FileNotFoundException($"no such file or folder: {path}", path);
        }

        var files = Directory.EnumerateFiles(hostPath, "*", new EnumerationOptions
            {
                RecurseSubdirectories = true,
                AttributesToSkip = FileAttributes.Hidden,
                IgnoreInaccessible = true,
            })
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.')))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (KindDetector.Detect(file, () => Head(file)) is { } kind)
            {
                state.AddEntry(fs.IsRooted ? fs.ToServerPath(file) : file, kind, PrefixFor(file, kind, fs), pending);
            }
        }
    }

    /// <summary>The folder relative includes start from, for a file named directly: the nearest folder above it
    /// that holds its daemon's main file, else its own folder.</summary>
    private static string PrefixFor(string hostPath, ConfigKind kind, RootedFileSystem fs)
    {
        var main = kind switch
        {
            ConfigKind.Nginx => "nginx.conf",
            ConfigKind.Apache => "apache2.conf",
            ConfigKind.PhpFpm => "php-fpm.conf",
            _ => null,
        };
        var directory = Path.GetDirectoryName(hostPath)!;
        for (var d = directory; main is not null && d is not null; d = Path.GetDirectoryName(d))
        {
            if (File.Exists(Path.Combine(d, main)) || (kind == ConfigKind.Apache && File.Exists(Path.Combine(d, "conf", "httpd.conf"))))
            {
                directory = d;
                break;
            }
        }

        return fs.IsRooted ? fs.ToServerPath(directory) : directory;
    }

    private static void ReadAndParse(LoadState state, ConfigFile file)
    {
        try
        {
            file.Source = state.FileSystem.ReadSourceText(file.ResolvedPath, file.DisplayPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            file.ReadError = e switch
            {
                UnauthorizedAccessException => "cannot read: permission denied",
                FileNotFoundException or DirectoryNotFoundException => "cannot read: no such file",
                _ => "cannot read: " + e.Message,
            };
            return;
        }

        try
        {
            var result = ConfigParser.Parse(file.Source, file.Kind, state.Options.Parse);
            file.Tree = result.Tree;
            file.Error = result.Error;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug in a grammar must not stop the other files from being linted.
            file.Error = new SyntaxError(file.Source, 0, $"ConfLint could not read this {file.Kind.Name()} file ({e.GetType().Name}: {e.Message}); please report it");
        }
    }

    /// <summary>The include directives of a file (safe to run for several files at once).</summary>
    private static List<IncludeRequest> FindIncludes(LoadState state, ConfigFile file)
    {
        if (file.Tree is null)
        {
            return [];
        }

        var variables = file.Kind == ConfigKind.Apache ? state.ApacheEnvironment(file.Prefix) : null;
        return IncludeFinder.Find(file.Tree, file.Prefix, variables).ToList();
    }

    /// <summary>Resolves a file's includes and queues the files they bring in, in order.</summary>
    private static void FollowIncludes(LoadState state, ConfigFile file, List<IncludeRequest> requests, List<ConfigFile> next)
    {
        var prefix = file.Prefix;
        foreach (var request in requests)
        {
            var rules = request.Rules;
            var pattern = request.Pattern.StartsWith('/') ? request.Pattern : RootedFileSystem.Normalize(rules.BaseDirectory + "/" + request.Pattern);
            var site = new IncludeSite(file, request.Directive, request.PatternToken, pattern, rules.MissingLiteralIsError || rules.EmptyGlobIsError);
            state.Sites.Add(site);

            if (state.Options.Root is null && !state.IsInsideLintedPaths(pattern))
            {
                state.Notes.Add($"{file.DisplayPath}:{request.PatternToken.Position.Line}: include {request.Pattern} lies outside the linted paths; not read (use --root to lint a whole server)");
                continue;
            }

            var matches = Expand(state.FileSystem, pattern, rules);
            if (matches.Count == 0)
            {
                var wildcard = RootedFileSystem.HasWildcard(pattern);
                if (wildcard ? rules.EmptyGlobIsError : rules.MissingLiteralIsError)
                {
                    var what = wildcard ? "matches no file" : "names a file that does not exist";
                    var lookedFor = pattern == request.Pattern ? string.Empty : $" (looked for {pattern})";
                    state.Diagnostics.Add(EngineRules.SyntaxErrorAt(
                        request.PatternToken.Location,
                        $"include {request.Pattern} {what}{lookedFor}: {DaemonName(file.Kind)} refuses to start"));
                }

                continue;
            }

            var targets = new List<ConfigFile>();
            foreach (var match in matches)
            {
                targets.Add(state.GetOrAdd(match, file.Kind, prefix, next));
            }

            site.Targets = targets;
            foreach (var target in targets)
            {
                target.AddIncludedFrom(site);
            }
        }
    }

    /// <summary>The files a pattern brings in, in the daemon's order.</summary>
    private static List<string> Expand(RootedFileSystem fs, string pattern, IncludeRules rules)
    {
        var matches = RootedFileSystem.HasWildcard(pattern) ? fs.Glob(pattern).ToList() : (fs.Resolve(pattern) is null ? [] : [pattern]);
        var files = new List<string>();
        foreach (var match in matches)
        {
            if (fs.DirectoryExists(match))
            {
                if (rules.DirectoryIncludesFiles)
                {
                    files.AddRange(FilesBelow(fs, match));
                }

                continue;
            }

            if (fs.FileExists(match))
            {
                files.Add(match);
            }
        }

        return files;
    }

    private static IEnumerable<string> FilesBelow(RootedFileSystem fs, string directory)
    {
        foreach (var entry in fs.EnumerateEntries(directory))
        {
            if (Path.GetFileName(entry).StartsWith('.'))
            {
                continue;
            }

            if (fs.DirectoryExists(entry))
            {
                foreach (var file in FilesBelow(fs, entry))
                {
                    yield return file;
                }
            }
            else if (fs.FileExists(entry))
            {
                yield return entry;
            }
        }
    }

    /// <summary>Marks each include that leads back to a file on the way to it, and reports it once.</summary>
    private static void MarkCycles(LoadState state)
    {
        var sitesByFile = state.Sites.GroupBy(s => s.From).ToDictionary(g => g.Key, g => g.ToList());
        var done = new HashSet<ConfigFile>();
        var onPath = new List<ConfigFile>();

        void Visit(ConfigFile file)
        {
            onPath.Add(file);
            foreach (var site in sitesByFile.GetValueOrDefault(file) ?? [])
            {
                foreach (var target in site.Targets)
                {
                    var index = onPath.IndexOf(target);
                    if (index >= 0)
                    {
                        site.ClosesCycle = true;
                        var chain = string.Join(" -> ", onPath.Skip(index).Append(target).Select(f => f.DisplayPath));
                        state.Diagnostics.Add(EngineRules.SyntaxErrorAt(
                            site.PatternToken.Location,
                            $"include cycle: {chain}; the cycle is not followed"));
                    }
                    else if (!done.Contains(target))
                    {
                        Visit(target);
                    }
                }
            }

            onPath.RemoveAt(onPath.Count - 1);
            done.Add(file);
        }

        foreach (var file in state.Files)
        {
            if (!done.Contains(file))
            {
                Visit(file);
            }
        }
    }

    private static string DaemonName(ConfigKind kind) => kind switch
    {
        ConfigKind.Nginx => "nginx",
        ConfigKind.Apache => "Apache",
        ConfigKind.PhpFpm => "PHP-FPM",
        _ => "systemd",
    };

    private static Diagnostic FileDiagnostic(ConfigFile file)
    {
        if (file.Error is { } error)
        {
            return EngineRules.SyntaxErrorAt(error.Location, error.Message);
        }

        return EngineRules.SyntaxErrorAt(Location.FileOnly(file.Id), file.ReadError!);
    }

    private static string? Head(string hostPath)
    {
        try
        {
            using var stream = File.OpenRead(hostPath);
            var buffer = new byte[4096];
            var read = stream.Read(buffer, 0, buffer.Length);
            return System.Text.Encoding.UTF8.GetString(buffer, 0, read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private sealed class LoadState(RootedFileSystem fileSystem, LoadOptions options)
    {
        private readonly Dictionary<string, ConfigFile> _byResolved = new(StringComparer.Ordinal);
        private readonly List<string> _lintedRoots = options.Paths.Select(p => Path.GetFullPath(p, options.WorkingDirectory)).ToList();

        public RootedFileSystem FileSystem { get; } = fileSystem;

        public LoadOptions Options { get; } = options;

        public List<ConfigFile> Files { get; } = [];

        public List<IncludeSite> Sites { get; } = [];

        public List<Diagnostic> Diagnostics { get; } = [];

        public List<string> Notes { get; } = [];

        public List<UnitFileSet> Units { get; } = [];

        private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _apacheEnvironments = new(StringComparer.Ordinal);

        public string PrefixOf(ConfigFile file) => file.Prefix;

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
    }
}
