using ConfLint.Text;
using ConfLint.Diagnostics;
using ConfLint.Knowledge;
using ConfLint.Syntax;
using ConfLint.Workspace.Haproxy;
using ConfLint.Workspace.Systemd;
using ConfLint.Workspace.Tomcat;

namespace ConfLint.Workspace;

/// <summary>
/// Finds the files a load starts from: with a root, the daemons' standard locations below it; with paths, every
/// file of a known kind below them. Folder walks remember each real folder (device and inode) they enter, so
/// links to <c>.</c> or to a parent cannot make a walk endless, and links leading outside the root are not
/// followed.
/// </summary>
internal static class WorkspaceDiscovery
{
    /// <summary>The main files of nginx and Apache that ConfLint looks for under a root, and the folder each one's relative
    /// includes start from: the distributions' (<c>/etc/nginx</c>, <c>/etc/apache2</c>, RHEL's <c>/etc/httpd</c>), the
    /// builds' default prefixes (nginx's <c>/usr/local/nginx</c>, the httpd image's <c>/usr/local/apache2</c>), FreeBSD's
    /// <c>/usr/local/etc</c>, aaPanel's <c>/www/server</c>, and the nginx GitLab's Omnibus package runs (runit starts
    /// <c>nginx -p /var/opt/gitlab/nginx</c>, so its configuration is that prefix's <c>conf/nginx.conf</c>).</summary>
    private static readonly (string Path, ConfigKind Kind, string Prefix)[] WebServerMains =
    [
        ("/etc/nginx/nginx.conf", ConfigKind.Nginx, "/etc/nginx"),
        ("/usr/local/nginx/conf/nginx.conf", ConfigKind.Nginx, "/usr/local/nginx/conf"),
        ("/usr/local/etc/nginx/nginx.conf", ConfigKind.Nginx, "/usr/local/etc/nginx"),
        ("/www/server/nginx/conf/nginx.conf", ConfigKind.Nginx, "/www/server/nginx/conf"),
        ("/var/opt/gitlab/nginx/conf/nginx.conf", ConfigKind.Nginx, "/var/opt/gitlab/nginx/conf"),
        ("/etc/apache2/apache2.conf", ConfigKind.Apache, "/etc/apache2"),
        ("/etc/httpd/conf/httpd.conf", ConfigKind.Apache, "/etc/httpd"),
        ("/usr/local/apache2/conf/httpd.conf", ConfigKind.Apache, "/usr/local/apache2"),
        ("/usr/local/etc/apache24/httpd.conf", ConfigKind.Apache, "/usr/local"),
        ("/www/server/apache/conf/httpd.conf", ConfigKind.Apache, "/www/server/apache"),
    ];

    /// <summary>supervisord's main files as Debian and RHEL install them, each with the folder its [include] reads.</summary>
    internal static readonly (string Main, string Folder)[] SupervisorFiles =
    [
        ("/etc/supervisor/supervisord.conf", "/etc/supervisor/conf.d/*.conf"),
        ("/etc/supervisord.conf", "/etc/supervisord.d/*.ini"),
    ];

    public static void DiscoverRoot(LoadState state, List<ConfigFile> pending)
    {
        var fs = state.FileSystem;
        foreach (var (path, kind, prefix) in WebServerMains)
        {
            if (fs.FileExists(path))
            {
                state.AddEntry(path, kind, prefix, pending);
            }
        }

        var units = new UnitResolver(fs);
        var unitFiles = units.Units();

        // PHP-FPM's main file in each layout its packages and builds use, with the prefix its relative includes take. The
        // configuration a removed package left behind is not read: no php-fpm runs it, so its pools are no listeners and
        // no back ends, and php-fpm -t is never run on it (LeftoverPhp says how that is told).
        foreach (var glob in PhpLayouts.FpmConfigGlobs)
        {
            foreach (var path in fs.Glob(glob))
            {
                if (fs.FileExists(path) && PhpLayouts.ForFpmConfig(path) is { } install)
                {
                    if (LeftoverPhp.Why(fs, units, unitFiles, install, out _) is { } leftover)
                    {
                        state.Notes.Add($"{state.Display(Path.GetDirectoryName(path)!)}: {leftover}: not read as running");
                        state.LeftoverFpmConfigs.Add(path);
                        continue;
                    }

                    state.AddEntry(path, ConfigKind.PhpFpm, install.Prefix, pending);
                }
            }
        }

        // supervisord: Debian's and RHEL's main files (their [include] brings in conf.d), or the included folders alone.
        foreach (var (main, folder) in SupervisorFiles)
        {
            if (fs.FileExists(main))
            {
                state.AddEntry(main, ConfigKind.Supervisor, Path.GetDirectoryName(main)!, pending);
                continue;
            }

            foreach (var path in fs.Glob(folder).Where(fs.FileExists))
            {
                state.AddEntry(path, ConfigKind.Supervisor, Path.GetDirectoryName(main)!, pending);
            }
        }

        var active = unitFiles.Concat(units.EnabledInstances()).Where(u => !u.IsMasked && u.MainPath is not null).ToList();
        state.MaskedUnits.AddRange(unitFiles.Where(u => u.IsMasked));

        // A php-fpm run with its own main file (`--fpm-config /etc/php/php-fpm.d/%i.conf`, one per site), which no
        // layout's path finds: that file, with the specifiers of the instance expanded. Looked for side by side: a
        // host may have thousands of units, and only those that name php-fpm are read line by line.
        // Each unit's files are read once for all the names looked for: php-fpm here, haproxy for HAProxy's launches below,
        // a script (".sh", "/init.d/") for the Tomcats a unit runs from their own folder.
        var namedFpm = new string?[active.Count];
        var mentions = new int[active.Count];
        WorkSplit.For(active.Count, active.Count >= WorkSplit.SmallWorkspace, System.Environment.ProcessorCount, i =>
        {
            if (active[i].IsTemplate)
            {
                return;
            }

            foreach (var path in active[i].Files)
            {
                mentions[i] |= fs.FileContains(path, "php-fpm"u8, "haproxy"u8, ".sh"u8, "/init.d/"u8, "supervisord"u8);
                if (mentions[i] == 31)
                {
                    break;
                }
            }

            namedFpm[i] = (mentions[i] & 1) == 0 ? null : NamedFpmConfig(fs, active[i]);
        });
        // What was read of each unit (a template is not): HAProxy's search below asks again only of the others.
        var mentioned = new Dictionary<UnitFileSet, int>(active.Count, ReferenceEqualityComparer.Instance);
        for (var i = 0; i < active.Count; i++)
        {
            if (!active[i].IsTemplate)
            {
                mentioned.TryAdd(active[i], mentions[i]);
            }
        }

        for (var i = 0; i < active.Count; i++)
        {
            var unit = active[i];
            state.Units.Add(unit);
            foreach (var path in unit.Files)
            {
                state.AddEntry(path, ConfigKind.Systemd, "/", pending);
            }

            if (namedFpm[i] is { } named && fs.FileExists(named))
            {
                state.AddEntry(named, ConfigKind.PhpFpm, PhpLayouts.ForFpmConfig(named)?.Prefix ?? "/usr", pending);
            }
        }

        AddSupervisordLaunches(state, active, mentions, pending);
        AddProcessOneSupervisord(state, pending);

        // HAProxy's files as its service starts it, Tomcat's server.xml where its service or package keeps it. A unit
        // installed by the package names its file whether or not the tree holds HAProxy's configuration: a launch none
        // of whose files the tree holds is left out; one that has some reports the missing ones (HAProxy would not start).
        state.HaproxyLaunches = HaproxyLaunch.Find(fs, state.Units, unit => mentioned.TryGetValue(unit, out var mention) ? (mention & 2) != 0 : null);
        foreach (var path in state.HaproxyLaunches.Where(l => l.ConfigPaths.Any(fs.FileExists)).SelectMany(l => l.ConfigPaths).Distinct(StringComparer.Ordinal))
        {
            state.AddEntry(path, ConfigKind.Haproxy, "/etc/haproxy", pending);
        }

        state.TomcatInstalls = TomcatInstall.Find(fs, state.Units, unit => mentioned.TryGetValue(unit, out var mention) ? (mention & 12) != 0 : null);
        foreach (var tomcat in state.TomcatInstalls)
        {
            // A removed package's server.xml, as a removed PHP version's pools: no Tomcat reads it (TomcatInstall.LeftoverWhy).
            if (tomcat.Leftover is { } leftover)
            {
                state.Notes.Add($"{state.Display(tomcat.ServerXml)}: {leftover}: not read as a running Tomcat");
                continue;
            }

            state.AddEntry(tomcat.ServerXml, ConfigKind.Tomcat, Path.GetDirectoryName(tomcat.ServerXml)!, pending);
        }
    }

    /// <summary>
    /// The supervisord main file each service that runs supervisord reads (<see cref="SupervisordLaunch"/>: its <c>-c</c>,
    /// else the first file of supervisord's search), read as Debian's <c>/etc/supervisor/supervisord.conf</c> is, its
    /// <c>[include] files</c> relative to its own folder (options.py, <c>read_config</c>: each pattern joined to the folder of
    /// the file that names it). Paths are the server's, read under the root only. A service the root's links prove not
    /// started at boot (<see cref="UnitEnablement.Disabled"/>) runs no supervisord: the file it names is not
    /// read as running (a note says so), unless it is one of the files read anyway (<see cref="SupervisorFiles"/>).
    /// </summary>
    private static void AddSupervisordLaunches(LoadState state, List<UnitFileSet> active, int[] mentions, List<ConfigFile> pending)
    {
        var fs = state.FileSystem;
        UnitEnablements? enablements = null;
        for (var i = 0; i < active.Count; i++)
        {
            if ((mentions[i] & 16) == 0)
            {
                continue;
            }

            MergedUnit merged;
            try
            {
                merged = MergedUnit.Load(fs, active[i]);
            }
            catch (IOException)
            {
                continue;
            }

            if (SupervisordLaunch.Of(fs, active[i], merged) is not { } launch)
            {
                continue;
            }

            if (launch.Config is not { } config)
            {
                state.Notes.Add($"{state.Display(active[i].Path)}: runs supervisord, whose main file is not known: {launch.Why}; its programs are read only where supervisord's usual files are");
                continue;
            }

            if (SupervisorFiles.Any(f => f.Main == config))
            {
                continue;
            }

            if (!fs.FileExists(config))
            {
                state.Notes.Add($"{state.Display(active[i].Path)}: runs supervisord with {state.Display(config)}, which the root does not hold (or a link there leads outside it); not read");
                continue;
            }

            enablements ??= UnitEnablements.For(new ConfigWorkspace(fs, [], [], [], []) { Units = active });
            if (enablements.Of(merged) == UnitEnablement.Disabled)
            {
                state.Notes.Add($"{state.Display(config)}: the supervisord main file of {active[i].Name}, which is not enabled (the root enables other units by links, and none names it): systemd does not start it at boot, so its programs are not read as running");
                continue;
            }

            state.AddEntry(config, ConfigKind.Supervisor, Path.GetDirectoryName(config)!, pending);
        }
    }

    /// <summary>
    /// The supervisord main file of a root whose process 1 runs supervisord (<see cref="ProcessOneLaunch"/>: a container's
    /// <c>dumb-init -- /usr/bin/launch.sh</c> whose last line is <c>exec supervisord -c /etc/supervisord_web.conf</c>),
    /// read as a service's is (<see cref="AddSupervisordLaunches"/>): its <c>-c</c>, else the first file of supervisord's
    /// search, with its <c>[include]</c>; under the root only. Where process 1's program or supervisord's file is not known,
    /// a note says why. Read once per root: one file and at most <see cref="ProcessOneLaunch.MaxDepth"/> scripts.
    /// </summary>
    private static void AddProcessOneSupervisord(LoadState state, List<ConfigFile> pending)
    {
        var fs = state.FileSystem;
        if (ProcessOneLaunch.Read(fs) is not { } launch)
        {
            return;
        }

        state.ProcessOne = launch;
        var by = launch.Scripts.Count > 0 ? $"process 1 ({string.Join(" -> ", launch.Scripts.Select(state.Display))})" : "process 1 (proc/1/cmdline)";
        if (launch.Why is { } why)
        {
            if (launch.Words.Any(w => w.Contains("supervisord", StringComparison.Ordinal)) || launch.Scripts.Count > 0)
            {
                state.Notes.Add($"{by}: what it runs is not known: {why}; a supervisord it may start is not read");
            }

            return;
        }

        var words = launch.Words.Select(w => new Syntax.Systemd.SystemdWord(w, 0, 0)).ToList();
        var command = new Syntax.Systemd.SystemdCommand(Syntax.Systemd.SystemdExecPrefixes.None, words[0], words.Skip(1).ToList());
        if (!SupervisordLaunch.Runs(command, out var first, out var script))
        {
            return;
        }

        var (config, unknown) = SupervisordLaunch.OfProcessOne(fs, launch.Words, first + 1, script);
        if (config is null)
        {
            state.Notes.Add($"{by}: runs supervisord, whose main file is not known: {unknown}; its programs are read only where supervisord's usual files are");
            return;
        }

        if (SupervisorFiles.Any(f => f.Main == config))
        {
            return;
        }

        if (!fs.FileExists(config))
        {
            state.Notes.Add($"{by}: runs supervisord with {state.Display(config)}, which the root does not hold (or a link there leads outside it); not read");
            return;
        }

        state.AddEntry(config, ConfigKind.Supervisor, Path.GetDirectoryName(config)!, pending);
    }

    /// <summary>The php-fpm main file a service's <c>ExecStart=</c> names with <c>-y</c> or <c>--fpm-config</c> (the last
    /// ExecStart of the unit and its drop-ins, read as plain lines; specifiers expanded), or null.</summary>
    /// <summary>The php-fpm.conf a php-fpm command line names at word <paramref name="i"/>: <c>-y FILE</c>,
    /// <c>--fpm-config FILE</c> or <c>--fpm-config=FILE</c>; null for any other word.</summary>
    internal static string? FpmConfigAt(IReadOnlyList<string> words, int i) =>
        words[i] is "-y" or "--fpm-config" && i + 1 < words.Count ? words[i + 1]
        : words[i].StartsWith("--fpm-config=", StringComparison.Ordinal) ? words[i]["--fpm-config=".Length..]
        : null;

    private static string? NamedFpmConfig(RootedFileSystem fs, Systemd.UnitFileSet unit)
    {
        if (!unit.Name.EndsWith(".service", StringComparison.Ordinal))
        {
            return null;
        }

        string? execStart = null;
        foreach (var path in unit.Files)
        {
            foreach (var line in fs.ReadLines(path))
            {
                var trimmed = line.Trim();
                if (trimmed.StartsWith("ExecStart=", StringComparison.Ordinal))
                {
                    execStart = trimmed["ExecStart=".Length..];
                }
            }
        }

        if (execStart is null || !execStart.Contains("php-fpm", StringComparison.Ordinal))
        {
            return null;
        }

        var words = execStart.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < words.Length; i++)
        {
            if (FpmConfigAt(words, i) is { } value)
            {
                var expanded = Systemd.UnitSpecifiers.Expand(value.Trim('"', '\''), unit.Name, out var complete);
                return complete && expanded.StartsWith('/') ? expanded : null;
            }
        }

        return null;
    }

    /// <summary>Without a root, each unit file read is a unit, with the drop-ins of its <c>NAME.d/</c> folder beside it.</summary>
    public static IEnumerable<UnitFileSet> PathModeUnits(LoadState state)
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

    /// <summary>A PATH argument: a file (its kind from its path, else its first lines) or a folder walked for files of a known kind.</summary>
    public static void DiscoverPath(LoadState state, string path, List<ConfigFile> pending)
    {
        var fs = state.FileSystem;
        var hostPath = Path.GetFullPath(path, state.Options.WorkingDirectory);
        if (!fs.ContainsHostPath(hostPath))
        {
            state.AddSyntaxError(Location.FileOnly(FileId.Named(path)), $"{path} lies outside --root {fs.Root}; not read");
            return;
        }

        var serverPath = fs.IsRooted ? fs.ToServerPath(hostPath) : hostPath;
        switch (fs.TypeOf(serverPath))
        {
            case FileType.Regular:
                var kind = KindDetector.Detect(serverPath, () => fs.ReadHead(serverPath));
                if (kind is null && KindDetector.IsKnownNonConfig(serverPath))
                {
                    state.Notes.Add($"{state.Display(serverPath)}: not a configuration ConfLint lints (--kind names one); skipped");
                    return;
                }

                if (kind is null)
                {
                    state.AddSyntaxError(state.FileOnly(serverPath),
                        "cannot tell what kind of configuration this is (nginx, apache, php-fpm, systemd, haproxy or tomcat): rename it or place it under its daemon's folder");
                    return;
                }

                state.AddEntry(serverPath, kind.Value, PrefixFor(serverPath, kind.Value, fs), pending);
                return;
            case FileType.Directory:
                foreach (var file in FilesBelow(state, serverPath))
                {
                    if (KindDetector.Detect(file, () => fs.ReadHead(file), out var guessed) is { } found)
                    {
                        var entry = state.GetOrAdd(file, found, PrefixFor(file, found, fs), pending);
                        entry.IsEntry = true;
                        entry.KindGuessed = guessed;
                    }
                }

                return;
            case FileType.Other:
                state.AddSyntaxError(state.FileOnly(serverPath), "cannot read: it is not a regular file (a FIFO, socket or device)");
                return;
            default:
                if (PosixFiles.Lstat(hostPath).Type == FileType.Link)
                {
                    state.AddSyntaxError(state.FileOnly(serverPath), $"cannot read: it is a link that dangles or leads outside {Boundary(fs)}");
                    return;
                }

                if (LinkOnTheWay(hostPath, fs.Root ?? fs.Boundary) is { } link)
                {
                    // A folder of the path is a link that leads nowhere the tree has (hosts/evil -> /): named, never followed.
                    var shown = fs.IsRooted ? fs.ToServerPath(link) : link;
                    state.AddSyntaxError(state.FileOnly(serverPath), $"cannot read: it lies behind {state.Display(shown)}, a link that dangles or leads outside {Boundary(fs)}");
                    return;
                }

                throw new FileNotFoundException($"no such file or folder: {path}", path);
        }
    }

    /// <summary>
    /// A folder named on the command line inside a server tree is linted as part of its host: only the files the host's
    /// daemons read are. Files there that look like configuration but that nothing reads (a copy kept aside, a second
    /// server's files under a prefix ConfLint does not know) would pass unseen: one note names them.
    /// </summary>
    public static void NoteUnreadInNamedFolders(LoadState state)
    {
        var fs = state.FileSystem;
        if (!fs.IsRooted || state.Options.ReportOnly is not { } named)
        {
            return;
        }

        var read = new HashSet<string>(state.Files.Select(f => f.ServerPath), StringComparer.Ordinal);
        foreach (var folder in named.Where(n => n != "/" && fs.TypeOf(n) == FileType.Directory))
        {
            var unread = FilesBelow(state, folder)
                .Where(f => !read.Contains(f) && KindDetector.Detect(f, () => fs.ReadHead(f)) is not null)
                .ToList();
            if (unread.Count > 0)
            {
                var shown = string.Join(", ", unread.Take(3).Select(state.Display)) + (unread.Count > 3 ? $" and {unread.Count - 3} more" : string.Empty);
                state.Notes.Add($"{state.Display(folder)}: not linted, configuration no daemon of this host reads (nothing the host starts includes it): {shown}; a copy of the folder outside the server tree is linted on its own");
            }
        }
    }

    /// <summary>Every regular file below a folder whose path has no part starting with '.', sorted by bytes; each
    /// real folder is entered once.</summary>
    private static List<string> FilesBelow(LoadState state, string folder)
    {
        var fs = state.FileSystem;
        var files = new List<string>();
        var visited = new HashSet<(ulong, ulong)>();
        var pending = new Stack<string>();
        if (fs.IdentityOf(folder) is { } first)
        {
            visited.Add(first);
        }

        pending.Push(folder);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            foreach (var entry in fs.EnumerateEntries(current))
            {
                if (Path.GetFileName(entry).StartsWith('.'))
                {
                    continue;
                }

                switch (fs.TypeOf(entry))
                {
                    case FileType.Regular:
                        files.Add(entry);
                        break;
                    case FileType.Directory:
                        if (fs.IdentityOf(entry) is not { } identity || visited.Add(identity))
                        {
                            pending.Push(entry);
                        }

                        break;
                    case FileType.Missing when fs.EntryTypeOf(entry) == FileType.Link:
                        state.Notes.Add($"{state.Display(entry)}: a link that dangles or leads outside {Boundary(fs)}; not read");
                        break;
                }
            }
        }

        files.Sort(StringComparer.Ordinal);
        return files;
    }

    /// <summary>The first folder of a path below <paramref name="top"/> that is a symbolic link (each looked at without
    /// following it: the folders before it are real), or null.</summary>
    private static string? LinkOnTheWay(string hostPath, string? top)
    {
        if (top is null || !hostPath.StartsWith(top.TrimEnd('/') + "/", StringComparison.Ordinal))
        {
            return null;
        }

        var current = top.TrimEnd('/');
        foreach (var part in hostPath[(current.Length + 1)..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current += "/" + part;
            var status = PosixFiles.Lstat(current);
            if (status.Type == FileType.Link)
            {
                return current;
            }

            if (status.Type != FileType.Directory)
            {
                return null;
            }
        }

        return null;
    }

    private static string Boundary(RootedFileSystem fs) => fs.Root is not null ? "the root" : $"the linted folder {fs.Boundary}";

    /// <summary>The folder relative includes start from, for a file named directly: the nearest folder above it
    /// that holds its daemon's main file, else its own folder.</summary>
    private static string PrefixFor(string serverPath, ConfigKind kind, RootedFileSystem fs)
    {
        var main = kind switch
        {
            ConfigKind.Nginx => "nginx.conf",
            ConfigKind.Apache => "apache2.conf",
            ConfigKind.PhpFpm => "php-fpm.conf",
            _ => null,
        };
        var directory = Path.GetDirectoryName(serverPath)!;
        for (var d = directory; main is not null && d is not null; d = Path.GetDirectoryName(d))
        {
            if (fs.FileExists(Path.Combine(d, main)) || (kind == ConfigKind.Apache && fs.FileExists(Path.Combine(d, "conf", "httpd.conf"))))
            {
                directory = d;
                break;
            }
        }

        return directory;
    }
}
