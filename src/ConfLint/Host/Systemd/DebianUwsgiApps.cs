using ConfLint.Host.Systemd.AppServers;
using ConfLint.Syntax;
using ConfLint.Syntax.Systemd;
using ConfLint.Workspace;

namespace ConfLint.Host.Systemd;

/// <summary>
/// The applications of Debian's (and Ubuntu's) uwsgi package: its init script (<c>/etc/init.d/uwsgi</c>, which systemd
/// runs through its SysV generator) starts one uwsgi per file of <c>/etc/uwsgi/apps-enabled/</c> (<c>NAME.ini</c>,
/// <c>NAME.xml</c>; <c>.json</c>, <c>.yaml</c> and <c>.sqlite</c> are not read here), each with the inherited
/// configuration (<c>INHERITED_CONFIG</c> of <c>/etc/default/uwsgi</c>, by default <c>/usr/share/uwsgi/conf/default.ini</c>:
/// socket <c>/run/uwsgi/app/NAME/socket</c> owned by www-data, mode 660, uid and gid www-data) read before the
/// application's own file. Where that file is not in the root (a tree built from a role's files), the package's default
/// socket stands in for it.
/// </summary>
internal static class DebianUwsgiApps
{
    private const string Enabled = "/etc/uwsgi/apps-enabled";
    private const string PackageDefault = "/usr/share/uwsgi/conf/default.ini";

    public static void Add(HostModel model)
    {
        var files = model.Files;
        var entries = files.FileSystem.EnumerateEntries(Enabled).Where(files.Exists).ToList();
        if (entries.Count == 0)
        {
            return;
        }

        var inherited = InheritedConfig(files);
        foreach (var path in entries)
        {
            var extension = Path.GetExtension(path);
            var name = Path.GetFileNameWithoutExtension(path);
            if (extension is not (".ini" or ".xml"))
            {
                if (extension is ".json" or ".js" or ".yaml" or ".yml" or ".sqlite" or ".sqlite3" or ".db")
                {
                    model.UnknownListeners.Add((null, $"{path.TrimStart('/')}: a uwsgi application of Debian's init script in a format ConfLint does not read"));
                }

                continue;
            }

            if (files.Read(path) is not { } source || name.Length == 0)
            {
                continue;
            }

            var file = new ConfigFile(path, source.File.Path, source.File.Display, ConfigKind.Systemd) { Source = source };
            var start = HostFiles.At(source, 0, source.LineCount > 0 ? source.GetLineSpan(1).Length : 0);
            var command = new SystemdCommand(SystemdExecPrefixes.None, new SystemdWord("uwsgi", 0, 0), []);
            var server = new AppServer("uwsgi", command, null, file, _ => start, name);
            // The init script's environment (the manager's, what /etc/default/uwsgi exports) is not known: if-env tests stay open.
            var context = new AppServerContext(command, new Dictionary<string, string>(StringComparer.Ordinal), "/", "uwsgi.service", files) { EnvironmentComplete = false };
            if (inherited.Unknown is { } why)
            {
                server.Unknown(why);
            }

            UwsgiReader.ReadDebianApp(server, path, inherited.Path, start, context);
            var backEnd = new DebianUwsgiApp(server, file) { InheritedRead = inherited.Path is not null };
            model.BackEnds.Add(backEnd);
            if (server.BindsUnknown)
            {
                model.UnknownListeners.Add((backEnd, $"{backEnd.Describe()}: " + string.Join("; ", server.Unknowns)));
            }
        }
    }

    /// <summary>The file every application inherits: <c>INHERITED_CONFIG</c> of <c>/etc/default/uwsgi</c> (the package's
    /// default.ini without it). Null (with no reason) when it is the package's file and the root does not hold it: its
    /// known default stands in; a reason when another file is named that the root does not hold.</summary>
    private static (string? Path, string? Unknown) InheritedConfig(HostFiles files)
    {
        var named = NamedInherited(files);
        if (files.Exists(named))
        {
            return (named, null);
        }

        return named == PackageDefault || named.Length == 0
            ? (null, null)
            : (null, $"the inherited configuration {named} (INHERITED_CONFIG in /etc/default/uwsgi) is not in the root");
    }

    /// <summary>Whether every application inherits the package's own <c>default.ini</c> (no other <c>INHERITED_CONFIG</c>).</summary>
    internal static bool InheritsPackageDefault(HostFiles files) => NamedInherited(files) is PackageDefault or "";

    /// <summary>The file <c>INHERITED_CONFIG</c> of <c>/etc/default/uwsgi</c> names (its last assignment), else the package's.</summary>
    private static string NamedInherited(HostFiles files)
    {
        var named = PackageDefault;
        foreach (var line in files.FileSystem.ReadLines("/etc/default/uwsgi"))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith("INHERITED_CONFIG=", StringComparison.Ordinal))
            {
                named = trimmed["INHERITED_CONFIG=".Length..].Trim().Trim('"', '\'');
            }
        }

        return named;
    }
}

/// <summary>One application of Debian's uwsgi init script (<c>/etc/uwsgi/apps-enabled/NAME.ini</c>).</summary>
public sealed class DebianUwsgiApp : BackEnd
{
    internal DebianUwsgiApp(AppServer server, ConfigFile file)
        : base($"uwsgi application '{server.Name}'", file)
    {
        Server = server;
        Listeners.AddRange(server.Binds);
    }

    public AppServer Server { get; }

    /// <summary>Whether the inherited configuration was read (not the package's default standing in for it): only then are
    /// the socket's mode and the default uid and gid known.</summary>
    public bool InheritedRead { get; init; }

    /// <summary>The application's name: its file's name without extension (the init script's <c>deb-confname</c>).</summary>
    public string AppName => Server.Name!;

    public override BackendProtocol Protocol => Server.Binds.FirstOrDefault()?.Protocol ?? BackendProtocol.Uwsgi;

    public override string Describe() => $"uwsgi application '{AppName}' of Debian's uwsgi init script ({File.DisplayPath})";
}
