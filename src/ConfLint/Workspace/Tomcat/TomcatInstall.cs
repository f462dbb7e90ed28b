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
    /// <summary>
    /// Whether the unit's tie to <see cref="ServerXml"/> is a guess: the package's unit names a <c>CATALINA_BASE</c> other
    /// than the package's own <c>/var/lib/tomcatN</c> (whose <c>conf</c> is the package's link to <c>/etc/tomcatN</c>), the
    /// root lacks that folder's <c>conf/server.xml</c>, and the package's <c>/etc/tomcatN/server.xml</c> stands in for it.
    /// The Tomcat the unit runs then reads a file ConfLint has not seen, so the unit stays a program ConfLint does not read.
    /// </summary>
    public bool UnitTieAssumed { get; init; }

    /// <summary>Why the package this server.xml belongs to is removed and runs nothing (<see cref="LeftoverWhy"/>), or
    /// null where it may run.</summary>
    public string? Leftover { get; init; }


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
                var assumed = !fs.FileExists(path) && fs.FileExists($"/etc/{package}/server.xml");
                path = assumed ? $"/etc/{package}/server.xml" : path;
                Add(fs, found, path, unit.Name, environment.GetValueOrDefault("CATALINA_HOME") ?? "/usr/share/" + package,
                    assumed && catalinaBase.TrimEnd('/') != "/var/lib/" + package);
            }
        }

        FindBundled(fs, units, namesScript, found);
        foreach (var package in (string[])["tomcat10", "tomcat9"])
        {
            var path = $"/etc/{package}/server.xml";
            if (fs.FileExists(path) && !found.Any(f => fs.Resolve(f.ServerXml) == fs.Resolve(path)))
            {
                Add(fs, found, path, null, "/usr/share/" + package, leftover: LeftoverWhy(fs, units, package));
            }
        }

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
    private static void Add(RootedFileSystem fs, List<TomcatInstall> found, string path, string? unit, string? home, bool assumed = false, string? leftover = null)
    {
        var resolved = fs.Resolve(path);
        if (!fs.FileExists(path) || found.Any(f => fs.Resolve(f.ServerXml) == resolved))
        {
            return;
        }

        var named = PackagePaths.FirstOrDefault(p => fs.Resolve(p) == resolved) ?? RootedFileSystem.Normalize(path);
        found.Add(new TomcatInstall(named, unit, home) { UnitTieAssumed = assumed, Leftover = leftover });
    }

    /// <summary>
    /// Why Debian's <c>/etc/tomcatN/server.xml</c>, which no unit of the root was tied to, is the leftover of a removed
    /// package that runs nothing, for the note that says so; null where it may run. <c>apt remove tomcat9</c> keeps the
    /// package's conffiles (<c>/etc/tomcat9/server.xml</c>, <c>/etc/default/tomcat9</c>) until <c>purge</c>, and takes
    /// away its unit (<c>/lib/systemd/system/tomcat9.service</c>), its start scripts (<c>/usr/libexec/tomcat9</c>) and the
    /// <c>/usr/share/tomcat9</c> the unit's <c>CATALINA_HOME</c> names (tomcat9-common's <c>bin/catalina.sh</c>; the jars
    /// are libtomcat9-java's); dpkg then lists it as <c>deinstall ok config-files</c>. The evidence, as for a removed PHP
    /// version (<see cref="LeftoverPhp"/>): dpkg's status lists the package with its configuration files only or as not
    /// installed; or, where dpkg's status does not list it, the root has no unit of its name that systemd would start
    /// while the distribution's unit folder holds another Tomcat package's unit (<c>tomcat10.service</c>: the root is an
    /// installed system whose packages' units were carried). A repository that holds only <c>/etc</c>, or a tree without
    /// the unit folder, shows none of this, and there the file keeps being read as a running Tomcat (a missing unit proves
    /// nothing). Any sign the package's Tomcat may still start outweighs all of these: a unit of its name (Find ties it
    /// first), an init script <c>/etc/init.d/tomcatN</c>, its start scripts or <c>CATALINA_HOME</c> still under the root
    /// (the package's files are there, whatever its unit), or a unit that names <c>/tomcatN</c> (one of another name that
    /// runs the package's catalina.sh or its <c>CATALINA_BASE</c>).
    /// </summary>
    private static string? LeftoverWhy(RootedFileSystem fs, IEnumerable<UnitFileSet> units, string package)
    {
        if (fs.Root is null || fs.FileExists("/etc/init.d/" + package) || fs.DirectoryExists("/usr/libexec/" + package)
            || fs.FileExists($"/usr/share/{package}/bin/catalina.sh") || fs.FileExists($"/usr/share/{package}/lib/catalina.jar"))
        {
            return null;
        }

        var service = package + ".service";
        string? other = null;
        foreach (var unit in units)
        {
            if (unit.Name == service || unit.Name.StartsWith(package + "@", StringComparison.Ordinal))
            {
                return null;
            }

            if (other is null && !unit.IsMasked && DebianTomcatService().IsMatch(unit.Name) && UnitSearchPath.Vendor.Any(f => unit.Path.StartsWith(f, StringComparison.Ordinal)))
            {
                other = unit.Path;
            }
        }

        var status = DpkgStatus.StatusOf(fs, package);
        var why = status is { } listed && (listed.EndsWith(" config-files", StringComparison.Ordinal) || listed.EndsWith(" not-installed", StringComparison.Ordinal))
            ? $"leftover configuration of a removed package (dpkg lists {package} as '{listed}')"
            : status is null && other is not null ? $"leftover configuration of a removed package ({service} has no unit file, while {other} is installed)"
            : null;

        return why is null || Mentioned(fs, units, package) ? null : why;
    }

    /// <summary>Whether a unit systemd would start names one of the package's folders (<c>/usr/share/tomcat9</c>,
    /// <c>/var/lib/tomcat9</c>, <c>/etc/tomcat9</c>): the bytes are searched first, then the lines for the name as a whole
    /// (<c>/tomcat9</c> and not <c>/tomcat90</c>).</summary>
    private static bool Mentioned(RootedFileSystem fs, IEnumerable<UnitFileSet> units, string package)
    {
        var needle = System.Text.Encoding.UTF8.GetBytes("/" + package);
        foreach (var unit in units)
        {
            if (unit.IsMasked)
            {
                continue;
            }

            foreach (var file in unit.Files)
            {
                if (fs.FileContains(file, needle) && fs.ReadLines(file).Any(l => Regex.IsMatch(l, $@"/{package}(?![\w.-])")))
                {
                    return true;
                }
            }
        }

        return false;
    }

    [GeneratedRegex(@"^tomcat\d+\.service$")]
    private static partial Regex DebianTomcatService();
}
