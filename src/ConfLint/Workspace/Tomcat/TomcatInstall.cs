using System.Text.RegularExpressions;
using ConfLint.Syntax.Systemd;
using ConfLint.Workspace.Systemd;

namespace ConfLint.Workspace.Tomcat;

/// <summary>
/// A Tomcat the host runs, and where its server.xml is: <c>$CATALINA_BASE/conf/server.xml</c> of each service that
/// runs Tomcat (Debian's <c>tomcat9</c>/<c>tomcat10</c> units set <c>CATALINA_BASE</c>, and their start script reads
/// <c>/etc/default/tomcatN</c>, which may change it), Debian's <c>/etc/tomcat9</c> and <c>/etc/tomcat10</c>, and the
/// tarball layouts <c>/opt/tomcat*/conf</c> and <c>/usr/local/tomcat/conf</c>. A Tomcat a vendor bundles (Atlassian's
/// Confluence and Jira under <c>/opt/atlassian</c>) is found the way the host runs it (<see cref="FindBundled"/>).
/// </summary>
/// <param name="ServerXml">The server path of server.xml.</param>
/// <param name="UnitName">The service that runs it, when one does.</param>
/// <param name="CatalinaHome">Where Tomcat's own files are (its version is read there), when known.</param>
public sealed partial record TomcatInstall(string ServerXml, string? UnitName, string? CatalinaHome)
{
    /// <param name="namesScript">Whether a unit's files hold ".sh" or "/init.d/", where discovery searched them already
    /// (null for a unit it did not): each unit is then not read once more here.</param>
    public static IReadOnlyList<TomcatInstall> Find(RootedFileSystem fs, IEnumerable<UnitFileSet> units, Func<UnitFileSet, bool?>? namesScript = null)
    {
        var found = new List<TomcatInstall>();
        foreach (var files in units)
        {
            if (files.IsMasked || files.IsTemplate || files.MainPath is null || !files.Name.StartsWith("tomcat", StringComparison.Ordinal)
                || !files.Name.EndsWith(".service", StringComparison.Ordinal))
            {
                continue;
            }

            var unit = MergedUnit.Load(fs, files);
            var environment = UnitEnvironment.Read(fs, unit);
            var package = files.Name[..^".service".Length];
            UnitEnvironment.ReadFile(fs, "/etc/default/" + package, environment);
            if (environment.TryGetValue("CATALINA_BASE", out var catalinaBase) && catalinaBase.StartsWith('/'))
            {
                // Debian's CATALINA_BASE/conf links to /etc/tomcatN; a tree that lacks the link still has the package's file.
                var path = catalinaBase.TrimEnd('/') + "/conf/server.xml";
                path = !fs.FileExists(path) && fs.FileExists($"/etc/{package}/server.xml") ? $"/etc/{package}/server.xml" : path;
                Add(fs, found, path, unit.Name, environment.GetValueOrDefault("CATALINA_HOME") ?? "/usr/share/" + package);
            }
        }

        FindBundled(fs, units, namesScript, found);
        Add(fs, found, "/etc/tomcat10/server.xml", null, "/usr/share/tomcat10");
        Add(fs, found, "/etc/tomcat9/server.xml", null, "/usr/share/tomcat9");
        foreach (var home in fs.Glob("/opt/tomcat*").Append("/usr/local/tomcat"))
        {
            Add(fs, found, home + "/conf/server.xml", null, home);
        }

        return found;
    }

    /// <summary>
    /// Tomcats a service runs from their own folder: a unit (other than the package's <c>tomcat*</c>) whose command runs
    /// <c>DIR/bin/catalina.sh</c> or <c>DIR/bin/startup.sh</c>, a vendor's wrapper in <c>DIR/bin</c> that calls them
    /// (Atlassian's <c>start-confluence.sh</c>, <c>start-jira.sh</c>), or an init script that runs one of those (the
    /// unit's, or a SysV script linked into <c>/etc/rc[2-5].d</c> for which no unit of its name exists). catalina.sh takes
    /// <c>CATALINA_HOME</c> from its own folder's parent unless the environment sets it, and <c>CATALINA_BASE</c> from
    /// <c>CATALINA_HOME</c> unless set (the unit's environment, or <c>bin/setenv.sh</c>, which it sources before it
    /// starts Java): the server.xml is <c>$CATALINA_BASE/conf/server.xml</c>.
    /// </summary>
    private static void FindBundled(RootedFileSystem fs, IEnumerable<UnitFileSet> units, Func<UnitFileSet, bool?>? namesScript, List<TomcatInstall> found)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var files in units)
        {
            names.Add(files.Name);
            if (files.IsMasked || files.IsTemplate || files.MainPath is null || files.Name.StartsWith("tomcat", StringComparison.Ordinal)
                || !files.Name.EndsWith(".service", StringComparison.Ordinal)
                // The bytes searched first (by discovery's one read of each unit where it can say): a host's thousands of
                // units were each read as lines here (9 MB and a third of discovery's time on the 10,000-server tree), then
                // each searched once more, one after another, nearly none with a script.
                || namesScript?.Invoke(files) == false
                || !files.Files.Any(f => (namesScript?.Invoke(files) == true || fs.FileContains(f, ".sh"u8, "/init.d/"u8) != 0)
                    && fs.ReadLines(f).Any(l => l.TrimStart().StartsWith("ExecStart", StringComparison.Ordinal) && (l.Contains(".sh", StringComparison.Ordinal) || l.Contains("/init.d/", StringComparison.Ordinal)))))
            {
                continue;
            }

            var unit = MergedUnit.Load(fs, files);
            if (unit.Get("Service", "ExecStart") is not { } execStart)
            {
                continue;
            }

            foreach (var command in SystemdCommandLine.Parse(execStart).Commands)
            {
                if (Scripts(command).Select(s => HomeRunBy(fs, s, 1)).FirstOrDefault(h => h is not null) is { } home)
                {
                    var environment = UnitEnvironment.Read(fs, unit);
                    AddBundled(fs, found, environment, home, unit.Name);
                    break;
                }
            }
        }

        // SysV scripts that start at boot and that no unit replaces (systemd-sysv-generator makes a unit only for those).
        foreach (var script in fs.Glob("/etc/init.d/*"))
        {
            var name = Path.GetFileName(script);
            if (names.Contains(name + ".service") || !"2345".Any(level => fs.Glob($"/etc/rc{level}.d/S*{name}").Any(l => Path.GetFileName(l).EndsWith(name, StringComparison.Ordinal) && Path.GetFileName(l).Length == name.Length + 3)))
            {
                continue;
            }

            if (HomeRunBy(fs, script, 1) is { } home)
            {
                AddBundled(fs, found, new Dictionary<string, string>(StringComparer.Ordinal), home, null);
            }
        }
    }

    private static void AddBundled(RootedFileSystem fs, List<TomcatInstall> found, Dictionary<string, string> environment, string folder, string? unit)
    {
        var home = environment.TryGetValue("CATALINA_HOME", out var set) && set.StartsWith('/') && !set.Contains('$') ? set.TrimEnd('/') : folder;
        var setEnv = new Dictionary<string, string>(StringComparer.Ordinal);
        var catalinaBase = environment.TryGetValue("CATALINA_BASE", out var written) && written.StartsWith('/') && !written.Contains('$') ? written.TrimEnd('/') : null;
        UnitEnvironment.ReadFile(fs, (catalinaBase ?? home) + "/bin/setenv.sh", setEnv);
        if (setEnv.TryGetValue("CATALINA_BASE", out var fromSetEnv) && fromSetEnv.StartsWith('/') && !fromSetEnv.Contains('$'))
        {
            catalinaBase = fromSetEnv.TrimEnd('/');
        }

        Add(fs, found, (catalinaBase ?? home) + "/conf/server.xml", unit, home);
    }

    /// <summary>The absolute script paths a command runs: its executable, or the script a shell is given (<c>/bin/bash
    /// /opt/app/bin/start.sh</c>, <c>sh -c "/opt/app/bin/catalina.sh run"</c>).</summary>
    private static IEnumerable<string> Scripts(SystemdCommand command)
    {
        var words = command.Arguments.Select(a => a.Value).Prepend(command.Executable.Value).ToList();
        if (Path.GetFileName(words[0]) is "sh" or "bash" or "dash")
        {
            var c = words.IndexOf("-c");
            return c >= 0 && c + 1 < words.Count ? words[c + 1].Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Take(1)
                : words.Skip(1).Where(w => !w.StartsWith('-')).Take(1);
        }

        return [words[0]];
    }

    /// <summary>
    /// The folder (<c>CATALINA_HOME</c> as catalina.sh finds it) of the Tomcat <paramref name="script"/> starts, when it
    /// has a <c>conf/server.xml</c>: catalina.sh or startup.sh itself, a script beside them in <c>bin</c> that runs one of
    /// them, or (up to <paramref name="depth"/> more levels: an init script) a script that runs such a script by its
    /// path, or by <c>./NAME</c> after <c>cd</c> to a <c>bin</c> folder.
    /// </summary>
    private static string? HomeRunBy(RootedFileSystem fs, string script, int depth)
    {
        script = RootedFileSystem.Normalize(script);
        var bin = Path.GetDirectoryName(script)?.Replace('\\', '/');
        if (!script.StartsWith('/') || bin is null)
        {
            return null;
        }

        var home = bin.EndsWith("/bin", StringComparison.Ordinal) ? bin[..^4] : null;
        if (home is { Length: > 0 } && fs.FileExists(home + "/conf/server.xml"))
        {
            if (Path.GetFileName(script) is "catalina.sh" or "startup.sh")
            {
                return home;
            }

            // A vendor's wrapper: it names catalina.sh or startup.sh on a line that is not a comment.
            if (fs.ReadLines(script).Any(l => !l.TrimStart().StartsWith('#') && TomcatScript().IsMatch(l)))
            {
                return home;
            }
        }

        if (depth <= 0 || !fs.FileExists(script))
        {
            return null;
        }

        string? folder = null;
        foreach (var line in fs.ReadLines(script).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            if (CdFolder().Match(line) is { Success: true } cd)
            {
                folder = cd.Groups[1].Value.TrimEnd('/');
            }

            foreach (Match run in RunsScript().Matches(line))
            {
                var path = run.Groups[1].Value;
                path = path.StartsWith("./", StringComparison.Ordinal) ? (folder is null ? null : folder + path[1..]) : path;
                if (path is not null && HomeRunBy(fs, path, depth - 1) is { } found)
                {
                    return found;
                }
            }
        }

        return null;
    }

    [GeneratedRegex(@"(^|[/\s""'=])(catalina|startup)\.sh\b")]
    private static partial Regex TomcatScript();

    [GeneratedRegex(@"^cd\s+[""']?(/[^""'\s;|&]+)")]
    private static partial Regex CdFolder();

    [GeneratedRegex(@"(?:^|[\s;&|(""'])((?:/|\./)[^\s""';|&()]+\.sh)\b")]
    private static partial Regex RunsScript();

    private static readonly string[] PackagePaths = ["/etc/tomcat10/server.xml", "/etc/tomcat9/server.xml"];

    /// <summary>Adds the server.xml at <paramref name="path"/> once; named by the package's path when it is that file
    /// (Debian's <c>/var/lib/tomcat10/conf</c> links to <c>/etc/tomcat10</c>, where people edit it).</summary>
    private static void Add(RootedFileSystem fs, List<TomcatInstall> found, string path, string? unit, string? home)
    {
        var resolved = fs.Resolve(path);
        if (!fs.FileExists(path) || found.Any(f => fs.Resolve(f.ServerXml) == resolved))
        {
            return;
        }

        var named = PackagePaths.FirstOrDefault(p => fs.Resolve(p) == resolved) ?? RootedFileSystem.Normalize(path);
        found.Add(new TomcatInstall(named, unit, home));
    }
}
