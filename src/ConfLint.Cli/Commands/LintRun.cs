using ConfLint.Configuration;
using ConfLint.Linting;
using ConfLint.Workspace;

namespace ConfLint.Cli.Commands;

/// <summary>Loads the settings and the files (one workspace per host) and lints them: shared by lint and fix.</summary>
internal static class LintRun
{
    public static LintResult Execute(CliIO io, IReadOnlyList<string> paths, TargetOptions target)
    {
        var (config, selection, loads) = Prepare(io, paths, target);
        RecoverInterruptedFixes(io, loads);
        var timings = Environment.GetEnvironmentVariable("CONFLINT_TIMINGS") is "1" ? new List<(string Stage, TimeSpan Time)>() : null;
        var timer = System.Diagnostics.Stopwatch.StartNew();
        var workspaces = loads.Select(load => WorkspaceLoader.Load(load with { Timings = timings })).ToList();
        var loaded = timer.Elapsed;
        var result = Linter.Run(workspaces, config, selection, timings);
        if (timings is not null)
        {
            var stages = string.Join(", ", timings.Select(t => $"{t.Stage} {t.Time.TotalMilliseconds:F0}"));
            io.Err.WriteLine($"timings (ms): load and parse {loaded.TotalMilliseconds:F0}, model and rules {(timer.Elapsed - loaded).TotalMilliseconds:F0} ({stages})");
            io.Err.WriteLine($"gc: {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} collections (gen0/1/2), paused {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms, allocated {GC.GetTotalAllocatedBytes() / 1_000_000} MB, heap {GC.GetTotalMemory(false) / 1_000_000} MB");
        }

        return result;
    }

    /// <summary>Finishes the write of a fix killed on one of these roots (its journal says what it was doing), and says which.</summary>
    private static void RecoverInterruptedFixes(CliIO io, List<LoadOptions> loads)
    {
        foreach (var root in loads.Select(l => l.Boundary()).Distinct(StringComparer.Ordinal))
        {
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

    /// <summary>The settings, the rules that run, and one load per host, checked: usage problems throw <see cref="UsageException"/>.</summary>
    public static (ConfLintConfig Config, RuleSelection Selection, List<LoadOptions> Loads) Prepare(CliIO io, IReadOnlyList<string> paths, TargetOptions target)
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

        var cwd = io.WorkingDirectory;
        if (target.Root is { } root && !Directory.Exists(Path.GetFullPath(root, cwd)))
        {
            throw new UsageException($"--root {root}: no such folder");
        }

        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path, cwd);
            if (!File.Exists(full) && !Directory.Exists(full) && !new FileInfo(full).Exists && new FileInfo(full).LinkTarget is null)
            {
                throw new UsageException($"cannot read '{path}': no such file or folder");
            }

            if (target.Root is { } rootFolder && !new RootedFileSystem(Path.GetFullPath(rootFolder, cwd)).ContainsHostPath(full))
            {
                throw new UsageException($"'{path}' lies outside --root {rootFolder}: with --root, PATH names files of that tree");
            }
        }

        var effectivePaths = paths.Count == 0 && target.Root is null ? ["."] : paths;
        var configFolder = target.Root is not null
            ? Path.GetFullPath(target.Root, cwd)
            : effectivePaths.Count == 1 && Directory.Exists(Path.GetFullPath(effectivePaths[0], cwd)) ? Path.GetFullPath(effectivePaths[0], cwd) : cwd;
        ConfLintConfig config;
        try
        {
            config = ConfigLoader.Load(target.Config is null ? null : Path.GetFullPath(target.Config, cwd), configFolder);
        }
        catch (ConfigurationException e)
        {
            throw new UsageException(e.Message);
        }

        foreach (var compose in target.Compose)
        {
            if (!File.Exists(Path.GetFullPath(compose, cwd)))
            {
                throw new UsageException($"--compose {compose}: no such file");
            }
        }

        var loads = PlanLoads(config, target.Root, effectivePaths, cwd, configFolder);
        return (config, selection, target.Compose.Count == 0 ? loads : loads.Select(l => l with { ComposeFiles = target.Compose }).ToList());
    }

    /// <summary>One load per host: the <c>hosts:</c> groups of the settings, or else what the command line names.</summary>
    private static List<LoadOptions> PlanLoads(ConfLintConfig config, string? root, IReadOnlyList<string> paths, string cwd, string configFolder)
    {
        if (config.Hosts.Count == 0 || root is not null)
        {
            return [new LoadOptions { Root = root, Paths = paths.ToList(), WorkingDirectory = cwd }];
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
