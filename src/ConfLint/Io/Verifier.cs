using ConfLint.Fixing;
using ConfLint.Io.Sandbox;
using ConfLint.Syntax;
using ConfLint.Workspace;

namespace ConfLint.Io;

/// <summary>
/// Checks a fixed configuration with the daemons' own tests before anything is written (<c>nginx -t</c>,
/// <c>php-fpmX.Y -t</c>, <c>apache2 -t</c> or <c>httpd -t</c>, <c>systemd-analyze verify</c>), each in a bubblewrap
/// sandbox (<see cref="Bubblewrap"/>): the parts of the tree the daemons read are staged twice, before and after
/// the fixes (<see cref="StagedTree"/>), with the sandbox's own account files (<see cref="SandboxAccounts"/>) and
/// throwaway certificates for the ones the tree lacks (<see cref="ThrowawayCertificates"/>), and each stage is
/// mounted at the absolute paths the configs name, so an <c>include /etc/shadow;</c> finds the stage's (absent)
/// file, never this machine's. A daemon whose configuration would load a module from outside this machine's
/// module folders, or run code it names, is not run (<see cref="ModulePolicy"/>). A fix is rejected when a tool
/// accepts the configuration before it and not after; a tool that rejects both for the same reason, is not
/// installed, times out or may not run cannot judge it, and says why. Both stages are removed afterwards, and on
/// cancellation (SIGINT, SIGTERM) the sandboxes are killed first.
/// </summary>
public static class Verifier
{
    /// <summary>The time each daemon's test may take.</summary>
    public static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(10);

    /// <summary>The time all the tests of one verification may take together (each test's before and after run at once),
    /// counted from the first test: staging a large tree is not the daemons' time.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(15);

    private static readonly string[] StagedFolders =
        ["/etc/nginx", "/etc/apache2", "/etc/httpd", "/etc/php", "/etc/php-fpm.d", "/etc/php-fpm.conf", "/etc/php.ini", "/etc/php.d", "/etc/systemd/system", "/etc/mime.types", "/etc/haproxy", "/etc/resolv.conf"];

    /// <summary>Whether this machine can run the sandbox (bubblewrap installed and allowed its namespaces).</summary>
    public static bool CanStage => Bubblewrap.Unavailable is null;

    /// <param name="clock">The clock the budget is kept by (a test's, or the system's).</param>
    public static Verdict Verify(IReadOnlyList<LoadOptions> loads, FixOutcome outcome, CancellationToken cancel = default, TimeProvider? clock = null)
    {
        if (Bubblewrap.Unavailable is { } why)
        {
            return Verdict.Refused(why);
        }

        var notes = new List<string>();
        if (!Bubblewrap.ProcessLimitHolds)
        {
            notes.Add("the sandbox runs as root outside its namespaces (setpriv missing, or user namespaces refused to other users), where the kernel does not hold its limit of 128 processes: only the time limit bounds a check that forks without end");
        }

        var unjudged = new List<string>();
        var rejected = false;
        var budget = new Spending(clock ?? TimeProvider.System);
        foreach (var load in loads)
        {
            if (load.Root is null)
            {
                return Verdict.Refused("it needs --root (a server tree to stage)");
            }

            var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(load.Root, load.WorkingDirectory));
            var changes = outcome.Changes.Where(c => Path.GetFullPath(c.HostPath).StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal)).ToList();
            var before = outcome.Before.Workspaces.FirstOrDefault(w => w.FileSystem.Root == root);
            var after = outcome.After.Workspaces.FirstOrDefault(w => w.FileSystem.Root == root);
            if (changes.Count == 0 || before is null || after is null)
            {
                continue;
            }

            var result = VerifyTree(before, after, changes, budget, cancel);
            notes.AddRange(result.Notes);
            unjudged.AddRange(result.Unjudged);
            rejected |= result.Rejected;
            if (result.Refusal is not null)
            {
                return result with { Notes = notes };
            }
        }

        return new Verdict(rejected, unjudged, notes);
    }

    /// <summary>
    /// The daemons' own checks (nginx, PHP-FPM, Apache) on a server tree as it is, in the same sandbox: for tests of
    /// fixed fixtures, and for anyone who wants to know what the real tools say of a tree.
    /// </summary>
    public static IReadOnlyList<(string Name, bool Ok, string Output)> CheckTree(string root)
    {
        if (Bubblewrap.Unavailable is { } why)
        {
            throw new InvalidOperationException("cannot check a tree with the real tools: " + why);
        }

        var workspace = WorkspaceLoader.Load(new LoadOptions { Root = root });
        using var stage = StagedTree.Create("check");
        var context = Prepare(workspace, workspace, [], [stage], out _);
        var results = new List<(string, bool, string)>();
        foreach (var check in DaemonChecks.For(context with { Kinds = [ConfigKind.Nginx, ConfigKind.PhpFpm, ConfigKind.Apache, ConfigKind.Haproxy] }).Where(c => c.Binary is not null))
        {
            var refusals = check.Refusals(stage);
            if (refusals.Count > 0)
            {
                results.Add((check.Name, false, "not run: " + string.Join("; ", refusals)));
                continue;
            }

            var outcome = Bubblewrap.Run(check.Spec(stage, RunLimit), CancellationToken.None);
            results.Add((check.Name, outcome.Ok, outcome.Output));
        }

        return results;
    }

    private static Verdict VerifyTree(ConfigWorkspace before, ConfigWorkspace after, List<FileChange> changes, Spending budget, CancellationToken cancel)
    {
        var notes = new List<string>();
        var judged = new HashSet<ConfigKind>();
        var rejected = false;
        var kinds = changes.Select(c => KindDetector.Detect(c.ServerPath) ?? after.FindFile(c.ServerPath)?.Kind).OfType<ConfigKind>().ToHashSet();
        using var beforeStage = StagedTree.Create("verify");
        using var afterStage = StagedTree.Create("verify");
        DaemonChecks.Context context;
        try
        {
            context = Prepare(before, after, changes, [beforeStage, afterStage], out var prepared);
            notes.AddRange(prepared);
            Bubblewrap.HandOver(beforeStage);
            Bubblewrap.HandOver(afterStage);
        }
        catch (IOException e)
        {
            return new Verdict(false, changes.Select(c => c.DisplayPath).ToList(), [$"cannot stage the tree for the real tools: {e.Message}; nothing was checked"]);
        }

        context = context with { Kinds = kinds };
        foreach (var check in DaemonChecks.For(context))
        {
            cancel.ThrowIfCancellationRequested();
            if (check.Binary is null)
            {
                notes.Add($"{check.Name}: {check.Program} is not installed here; not checked");
                continue;
            }

            var refusals = check.Refusals(beforeStage).Concat(check.Refusals(afterStage)).Distinct(StringComparer.Ordinal).ToList();
            if (refusals.Count > 0)
            {
                notes.Add($"{check.Name}: cannot judge: {string.Join("; ", refusals)}");
                continue;
            }

            var left = budget.Left();
            if (left < TimeSpan.FromSeconds(1))
            {
                notes.Add($"{check.Name}: not run, the {Budget.TotalSeconds:F0} s of --verify were spent; cannot judge");
                continue;
            }

            var limit = left < RunLimit ? left : RunLimit;
            var runs = Task.WhenAll(Bubblewrap.RunAsync(check.Spec(beforeStage, limit), cancel), Bubblewrap.RunAsync(check.Spec(afterStage, limit), cancel));
            var outcomes = runs.GetAwaiter().GetResult();
            var (first, second) = (outcomes[0], outcomes[1]);
            if (second.TimedOut)
            {
                notes.Add($"{check.Name}: {second.Output}; cannot judge");
            }
            else if (second.Ok)
            {
                judged.Add(check.Kind);
                notes.Add($"{check.Name}: accepts the fixed configuration");
            }
            else if (first.Ok)
            {
                judged.Add(check.Kind);
                rejected = true;
                notes.Add($"{check.Name}: rejects the fixed configuration (it accepts it before the fix):\n{Indent(second.Output)}");
            }
            else if (DaemonCheck.Normalize(first.Output) == DaemonCheck.Normalize(second.Output))
            {
                notes.Add($"{check.Name}: rejects the configuration before the fix too, for the same reason, so it cannot judge the fix:\n{Indent(second.Output)}");
            }
            else
            {
                judged.Add(check.Kind);
                rejected = true;
                notes.Add($"{check.Name}: rejects the fixed configuration differently than the original:\n{Indent(second.Output)}");
            }
        }

        var unjudged = changes
            .Where(c => (KindDetector.Detect(c.ServerPath) ?? after.FindFile(c.ServerPath)?.Kind) is not { } kind || !judged.Contains(kind))
            .Select(c => c.DisplayPath)
            .ToList();
        return new Verdict(rejected, unjudged, notes);
    }

    /// <summary>The budget of one verification: it starts when the first daemon's test does (staging a tree of
    /// thousands of files, or making certificates, took from the daemons' time before, so a large tree's checks were
    /// "not run" though they take a second).</summary>
    private sealed class Spending(TimeProvider clock)
    {
        private DateTimeOffset? _deadline;

        /// <summary>The time left; the first call starts the budget.</summary>
        public TimeSpan Left()
        {
            var now = clock.GetUtcNow();
            _deadline ??= now + Budget;
            return _deadline.Value - now;
        }
    }

    /// <summary>Stages the tree (before and after) with accounts and certificates; says what it made up.</summary>
    private static DaemonChecks.Context Prepare(ConfigWorkspace before, ConfigWorkspace after, List<FileChange> changes, IReadOnlyList<StagedTree> stages, out List<string> notes)
    {
        notes = [];
        var beforeFs = before.FileSystem;
        var sources = new List<(StagedTree Stage, ConfigWorkspace Workspace)> { (stages[0], before) };
        if (stages.Count > 1)
        {
            sources.Add((stages[1], after));
        }

        foreach (var (stage, workspace) in sources)
        {
            var fs = workspace.FileSystem;
            foreach (var folder in StagedFolders)
            {
                stage.Copy(fs, folder);
            }

            foreach (var file in workspace.Files)
            {
                stage.Copy(fs, file.ServerPath);
                stage.Copy(fs, file.ResolvedPath);
            }

            foreach (var change in changes)
            {
                stage.Copy(fs, change.ServerPath);
            }

            foreach (var path in ThrowawayCertificates.References([before, after]).Where(beforeFs.FileExists))
            {
                stage.Copy(fs, path);
            }
        }

        var certificates = ThrowawayCertificates.Stage([before, after], beforeFs, stages);
        if (certificates.Count > 0)
        {
            notes.Add($"judged with throwaway self-signed certificates and keys (DH parameters: RFC 7919's ffdhe2048) for what the tree names but does not hold: {string.Join(", ", certificates.Select(c => c.TrimStart('/')))}");
        }

        var apache = ApacheEnvironment.Read(beforeFs, "/etc/apache2");
        var made = SandboxAccounts.Stage(beforeFs, [before, after], apache, stages, out var unread);
        if (made.Count > 0)
        {
            notes.Add(unread.Count > 0
                ? $"the tree's etc/nsswitch.conf lists {string.Join(", ", unread)}, which the check cannot read: the accounts the configuration names that its files lack were made up for the check ({string.Join(", ", made)})"
                : $"the tree has no etc/passwd or etc/group: the accounts it names were made up for the check ({string.Join(", ", made)})");
        }

        var units = changes.Where(c => KindDetector.Detect(c.ServerPath) == ConfigKind.Systemd).Select(c => UnitOf(c.ServerPath)).Distinct(StringComparer.Ordinal).ToList();
        if (units.Count > 0)
        {
            foreach (var (stage, workspace) in sources)
            {
                stage.StageUnits(workspace.FileSystem);
            }
        }

        return new DaemonChecks.Context([], stages[0], beforeFs, [before, after], units, apache);
    }

    /// <summary>The unit a unit file or drop-in belongs to, as a path systemd-analyze can load.</summary>
    private static string UnitOf(string serverPath)
    {
        var folder = Path.GetDirectoryName(serverPath)!;
        if (folder.EndsWith(".d", StringComparison.Ordinal))
        {
            var unit = Path.GetFileName(folder)[..^2];
            return Path.GetDirectoryName(folder)!.Replace('\\', '/') + "/" + unit;
        }

        return serverPath;
    }

    private static string Indent(string text)
    {
        var lines = text.Split('\n');
        var shown = lines.Length > 30 ? [.. lines.Take(30), $"({lines.Length - 30} more lines)"] : lines;
        return string.Join('\n', shown.Select(l => "    " + l));
    }
}
