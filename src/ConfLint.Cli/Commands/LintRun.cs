using ConfLint.Configuration;
using ConfLint.Linting;
using ConfLint.Workspace;

namespace ConfLint.Cli.Commands;

/// <summary>Loads the settings and the files (one workspace per host) and lints them: shared by lint and fix.</summary>
internal static class LintRun
{
    public static LintResult Execute(CliIO io, LintPlan plan)
    {
        var (config, selection, loads) = (plan.Config, plan.Selection, plan.Loads);
        RecoverInterruptedFixes(io, loads);
        var timingsSetting = Environment.GetEnvironmentVariable("CONFLINT_TIMINGS");
        var timings = timingsSetting is "1" or "gc" ? new List<(string Stage, TimeSpan Time)>() : null;
        var gcLog = timingsSetting is "gc" ? new GcLog() : null;
        var timer = System.Diagnostics.Stopwatch.StartNew();
        var bulk = io.OwnsProcess ? new BulkLoad() : null;
        List<ConfigWorkspace> workspaces;
        try
        {
            workspaces = loads.Select(load => WorkspaceLoader.Load(load with { Timings = timings, BeforeParse = bulk is null ? null : bulk.BeforeParse })).ToList();
        }
        finally
        {
            bulk?.AfterLoad();
        }

        var loaded = timer.Elapsed;
        var result = Linter.Run(workspaces, config, selection, timings);
        if (timings is not null)
        {
            var stages = string.Join(", ", timings.Select(t => $"{t.Stage} {t.Time.TotalMilliseconds:F0}"));
            io.Err.WriteLine($"timings (ms): load and parse {loaded.TotalMilliseconds:F0}, model and rules {(timer.Elapsed - loaded).TotalMilliseconds:F0} ({stages})");
            io.Err.WriteLine($"gc: {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} collections (gen0/1/2), paused {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms, allocated {GC.GetTotalAllocatedBytes() / 1_000_000} MB, heap {GC.GetTotalMemory(false) / 1_000_000} MB, no-GC load {bulk?.Outcome ?? "not used"}, huge pages {bulk?.Pages ?? "not advised"}");
            foreach (var line in gcLog?.Stop() ?? [])
            {
                io.Err.WriteLine("gc " + line);
            }
        }

        return result;
    }

    /// <summary>Finishes the write of a fix killed on one of these roots (its journal says what it was doing), and says which.</summary>
    private static void RecoverInterruptedFixes(CliIO io, List<LoadOptions> loads)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var load in loads)
        {
            var root = load.Boundary();
            if (!seen.Add(root))
            {
                continue;
            }

            try
            {
                if (Io.Writing.FixRecovery.Recover(root, waiting: message => io.Err.WriteLine("conflint: " + message)) is { } recovered)
                {
                    io.Err.WriteLine("conflint: " + recovered);
                }
            }
            catch (Exception e) when (e is IOException or Io.WriteException)
            {
                io.Err.WriteLine($"conflint: could not finish the fix interrupted on {root}: {e.Message}");
            }
        }
    }

    /// <summary>
    /// What a run reads and how reports name it. With <c>--root</c>, that tree (a PATH then only chooses which
    /// findings are reported). Without, each PATH that lies in a server tree is linted with its whole host and only
    /// the findings in the PATHs are reported; the other PATHs are read as they are (or as the <c>hosts:</c> of the
    /// settings group them). <paramref name="stdin"/>: standard input's bytes, standing for the one PATH.
    /// </summary>
    public static LintPlan Plan(CliIO io, IReadOnlyList<string> paths, TargetOptions target, byte[]? stdin, bool stdinNamed = true)
    {
        RuleSelection selection;
        try
        {
            selection = RuleSelection.Parse(target.Select, target.Ignore);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }

        var cwd = Path.TrimEndingDirectorySeparator(Path.GetFullPath(io.WorkingDirectory));
        foreach (var compose in target.Compose)
        {
            // With --root, a path that is no file from the current folder is taken under the root (a server's path).
            if (!File.Exists(Path.GetFullPath(compose, cwd))
                && (target.Root is not { } under || !File.Exists(Path.Join(Path.GetFullPath(under, cwd), compose.TrimStart('/')))))
            {
                throw new UsageException($"--compose {compose}: no such file");
            }
        }

        var rootFull = target.Root is { } root ? Path.TrimEndingDirectorySeparator(Path.GetFullPath(root, cwd)) : null;
        if (target.Root is not null && !Directory.Exists(rootFull))
        {
            throw new UsageException($"--root {target.Root}: no such folder");
        }

        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path, cwd);
            if (stdin is null && !File.Exists(full) && !Directory.Exists(full) && !new FileInfo(full).Exists && new FileInfo(full).LinkTarget is null)
            {
                throw new UsageException($"cannot read '{path}': no such file or folder");
            }

            if (target.Root is { } rootFolder && !new RootedFileSystem(rootFull).ContainsHostPath(full))
            {
                throw new UsageException($"'{path}' lies outside --root {rootFolder}: with --root, PATH names files of that tree");
            }
        }

        if (rootFull is not null)
        {
            var config = LoadConfig(target, ConfigLocator.Find(rootFull, cwd, rooted: true), cwd);
            var fs = new RootedFileSystem(rootFull);
            var named = paths.Select(p => fs.ToServerPath(Path.GetFullPath(p, cwd))).ToList();
            var load = new LoadOptions
            {
                Root = target.Root,
                Paths = NamedFiles(paths, cwd, rootFull, stdin),
                WorkingDirectory = cwd,
                ReportOnly = named.Count == 0 || named.Contains("/") ? null : named,
                Overlay = stdin is null ? null : new Dictionary<string, byte[]>(StringComparer.Ordinal) { [named[0]] = stdin },
                ComposeFiles = target.Compose,
            };
            var below = ConfigLocator.IsAtOrBelow(rootFull, cwd);
            return new LintPlan(config, selection, [load])
            {
                PathPrefix = below && rootFull != cwd ? Path.GetRelativePath(cwd, rootFull) + "/" : string.Empty,
                BaseFolder = below ? cwd : rootFull,
            };
        }

        var effective = paths.Count == 0 ? ["."] : paths;
        var trees = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var plain = new List<string>();
        foreach (var path in effective)
        {
            var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path, cwd));
            // Standard input without a name stands alone; with one, it belongs where that name would be.
            if ((stdin is null || stdinNamed) && ServerTrees.Containing(full, cwd) is { } tree)
            {
                trees.TryAdd(tree, []);
                trees[tree].Add(full);
            }
            else
            {
                plain.Add(path);
            }
        }

        // Not a chain of Select calls: in the native executable the second one is resolved at run time, slowly.
        string start;
        if (trees.Count > 0)
        {
            start = trees.Keys.First();
        }
        else
        {
            var first = Path.GetFullPath(plain.First(), cwd);
            start = Directory.Exists(first) ? first : Path.GetDirectoryName(first)!;
        }

        var settings = LoadConfig(target, ConfigLocator.Find(start, cwd), cwd);
        var loads = new List<LoadOptions>();
        foreach (var (tree, named) in trees)
        {
            var fs = new RootedFileSystem(tree);
            var serverPaths = named.Select(fs.ToServerPath).ToList();
            loads.Add(new LoadOptions
            {
                Root = tree,
                Paths = NamedFiles(named, cwd, tree, stdin),
                WorkingDirectory = cwd,
                // Reports name the host's files as the command line would: from the current folder when it is in
                // the tree or the tree below it (../../etc/... from etc/nginx), else by their full path.
                DisplayPrefix = tree == cwd ? string.Empty
                    : ConfigLocator.IsAtOrBelow(tree, cwd) || ConfigLocator.IsAtOrBelow(cwd, tree) ? Path.GetRelativePath(cwd, tree) + "/" : tree + "/",
                ReportOnly = serverPaths.Contains("/") ? null : serverPaths,
                Overlay = stdin is null ? null : new Dictionary<string, byte[]>(StringComparer.Ordinal) { [serverPaths[0]] = stdin },
            });
        }

        if (plain.Count > 0)
        {
            var configFolder = plain.Count == 1 && Directory.Exists(Path.GetFullPath(plain[0], cwd)) ? Path.GetFullPath(plain[0], cwd) : cwd;
            var overlay = stdin is null ? null : new Dictionary<string, byte[]>(StringComparer.Ordinal) { [Path.GetFullPath(plain[0], cwd)] = stdin };
            loads.AddRange(PlanLoads(settings, plain, cwd, settings.Path is { } found ? Path.GetDirectoryName(found)! : configFolder, overlay));
        }

        if (target.Compose.Count > 0)
        {
            loads = loads.Select(l => l with { ComposeFiles = target.Compose }).ToList();
        }

        return new LintPlan(settings, selection, loads) { BaseFolder = cwd };
    }

    /// <summary>
    /// The named files of a host whose kind their path tells (<c>etc/nginx/...</c>, <c>*.service</c>): read even when
    /// no include of the host reaches them (a site not enabled yet), so what was named is checked. Other files named
    /// in a tree (<c>etc/passwd</c>, a README) are the host's data, not configuration to report on.
    /// </summary>
    private static List<string> NamedFiles(IEnumerable<string> paths, string cwd, string root, byte[]? stdin)
    {
        var fs = new RootedFileSystem(root);
        return paths
            .Select(p => Path.GetFullPath(p, cwd))
            .Where(p => stdin is not null || File.Exists(p) || new FileInfo(p).LinkTarget is not null)
            .Where(p => KindDetector.Detect(fs.ToServerPath(p), () => null) is not null)
            .ToList();
    }

    private static ConfLintConfig LoadConfig(TargetOptions target, ConfigLocation? found, string cwd)
    {
        try
        {
            return target.Config is { } explicitPath
                ? ConfigLoader.Load(Path.GetFullPath(explicitPath, cwd), null)
                : found is null ? ConfLintConfig.Empty : ConfigLoader.LoadFound(found);
        }
        catch (ConfigurationException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>One load per host: the <c>hosts:</c> groups of the settings, or else what the command line names.</summary>
    private static List<LoadOptions> PlanLoads(ConfLintConfig config, IReadOnlyList<string> paths, string cwd, string configFolder, Dictionary<string, byte[]>? overlay)
    {
        if (config.Hosts.Count == 0)
        {
            return [new LoadOptions { Paths = paths.ToList(), WorkingDirectory = cwd, Overlay = overlay }];
        }

        var baseFolder = config.Path is null ? configFolder : Path.GetDirectoryName(Path.GetFullPath(config.Path))!;
        var loads = new List<LoadOptions>();
        foreach (var group in config.Hosts)
        {
            var folders = new List<string>();
            var files = new List<string>();
            foreach (var pattern in group.Patterns)
            {
                var trimmed = pattern.TrimEnd('/');
                foreach (var suffix in new[] { "/**/*", "/**" })
                {
                    if (trimmed.EndsWith(suffix, StringComparison.Ordinal))
                    {
                        trimmed = trimmed[..^suffix.Length];
                    }
                }

                var full = Path.GetFullPath(trimmed, baseFolder);
                if (full != baseFolder && !full.StartsWith(baseFolder.TrimEnd('/') + "/", StringComparison.Ordinal))
                {
                    // The settings may come with the tree (a pull request): they name folders of the tree, nothing else.
                    throw new UsageException($"{config.Path ?? ".conflint.yml"}: hosts: {group.Name}: {pattern} lies outside {baseFolder}; a host's files must be below the settings' folder");
                }

                if (Directory.Exists(full) && !ConfigLocator.IsOwnFolder(full, baseFolder))
                {
                    // The settings may come with the tree: a host's folder reached through a link is another's (a link to /).
                    throw new UsageException($"{config.Path ?? ".conflint.yml"}: hosts: {group.Name}: {pattern} is a symbolic link to a folder or lies behind one; a host's folder must be a real folder below the settings' folder");
                }

                if (Directory.Exists(full))
                {
                    folders.Add(full);
                }
                else
                {
                    var fs = new RootedFileSystem(null, null, baseFolder);
                    files.AddRange(fs.Glob(full));
                }
            }

            if (folders.Count == 1 && files.Count == 0 && Directory.Exists(Path.Combine(folders[0], "etc")))
            {
                var prefix = Path.GetRelativePath(cwd, folders[0]).Replace('\\', '/').TrimEnd('/') + "/";
                loads.Add(new LoadOptions { Root = folders[0], WorkingDirectory = cwd, DisplayPrefix = prefix });
            }
            else
            {
                loads.Add(new LoadOptions { Paths = [.. folders, .. files], WorkingDirectory = cwd });
            }
        }

        return loads;
    }
}
