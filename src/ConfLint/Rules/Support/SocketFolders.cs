using ConfLint.Host;
using ConfLint.Host.PhpFpm;
using ConfLint.Host.Systemd;

namespace ConfLint.Rules.Support;

/// <summary>
/// Whether the folder of a Unix socket a back end is set to bind is known to be there when it starts. No server ConfLint
/// reads makes the folder of its socket: bind(2) in a folder that does not exist fails with ENOENT (puma's binder.rb,
/// gunicorn's sock.py, uWSGI's socket.c, php-fpm's fpm_sockets.c all bind the path as given), and the program exits. So a
/// front end pointed at such a socket still gets nothing there. The folder is known where:
/// <list type="bullet">
/// <item>it is <c>/run</c>, <c>/tmp</c>, <c>/var/tmp</c> or <c>/dev/shm</c>;</item>
/// <item>it is the back end's socket unit's: systemd makes the folders above a <c>ListenStream=</c> path
/// (systemd.socket(5), <c>DirectoryMode=</c>);</item>
/// <item>the unit of the service that runs the back end makes it (<c>RuntimeDirectory=</c> and its kin:
/// <see cref="UnitFolders"/>);</item>
/// <item>its packaging makes it: the PHP-FPM packages' runtime folder (<see cref="Knowledge.PhpInstallPaths.RunFolder"/>),
/// Debian's uwsgi init script's <c>/run/uwsgi/app/NAME</c> for an enabled application;</item>
/// <item>a line of a tmpfiles.d file in the root makes it (tmpfiles.d(5): types <c>d</c>, <c>D</c>, <c>v</c>, <c>q</c>,
/// <c>Q</c>, read from <c>/etc/tmpfiles.d</c>, <c>/run/tmpfiles.d</c>, <c>/usr/local/lib/tmpfiles.d</c>,
/// <c>/usr/lib/tmpfiles.d</c> and <c>/lib/tmpfiles.d</c>, a file of one name read from the first of them);</item>
/// <item>the root holds it.</item>
/// </list>
/// </summary>
internal static class SocketFolders
{
    private static readonly string[] Always = ["/run", "/tmp", "/var/tmp", "/dev/shm"];

    internal static readonly string[] TmpfilesFolders = ["/etc/tmpfiles.d", "/run/tmpfiles.d", "/usr/local/lib/tmpfiles.d", "/usr/lib/tmpfiles.d", "/lib/tmpfiles.d"];

    /// <summary>The folder of <paramref name="socketPath"/>, <c>/var/run</c> written as <c>/run</c>.</summary>
    public static string FolderOf(string socketPath)
    {
        var path = Endpoint.CanonicalizeRunPath(socketPath);
        var slash = path.LastIndexOf('/');
        return slash <= 0 ? "/" : path[..slash];
    }

    /// <summary>What shows that the folder of <paramref name="socketPath"/> is there for <paramref name="backEnd"/>, said
    /// ("RuntimeDirectory=ledger of ledger.service makes it"); null where nothing does.</summary>
    public static string? Known(HostModel host, BackEnd backEnd, string socketPath)
    {
        var folder = FolderOf(socketPath);
        if (Array.IndexOf(Always, folder) >= 0)
        {
            return $"{folder} is always there";
        }

        if (backEnd is SocketBackEnd socket)
        {
            return $"systemd makes the folders above the sockets of {socket.Describe()}";
        }

        var path = Endpoint.CanonicalizeRunPath(socketPath);
        if (host.ServiceOf(backEnd) is { } service)
        {
            foreach (var made in UnitFolders.Above(service, path, host.Accounts, out _))
            {
                if (made.Path == folder)
                {
                    return $"{made.Key}={made.Directory.Value.Trim()} of {service.UnitName} makes it";
                }
            }
        }

        // A Tomcat's unit is no service back end of its own (the Tomcat stands for it): its folders are looked up by name.
        if (backEnd is Host.Tomcat.TomcatInstance { UnitName: { } unitName } && host.ServiceUnits.TryGetValue(unitName, out var tomcatUnit))
        {
            foreach (var made in UnitFolders.Above(tomcatUnit.Unit, path, host.Accounts, out _))
            {
                if (made.Path == folder)
                {
                    return $"{made.Key}={made.Directory.Value.Trim()} of {unitName} makes it";
                }
            }
        }

        if (backEnd is FpmPool { Install.Paths: { RunFolder: { } run } paths } && Endpoint.CanonicalizeRunPath(run) == folder)
        {
            return $"the {paths.Layout} PHP-FPM packages make it";
        }

        if (backEnd is DebianUwsgiApp app && folder == $"/run/uwsgi/app/{app.Server.Name}")
        {
            return "Debian's uwsgi init script makes it for the enabled application";
        }

        if (Tmpfiles(host).TryGetValue(folder, out var line))
        {
            return $"{line} makes it";
        }

        var files = host.Files.FileSystem;
        return files.DirectoryExists(folder) || (folder.StartsWith("/run/", StringComparison.Ordinal) && files.DirectoryExists("/var" + folder))
            ? "the root holds it"
            : null;
    }

    /// <summary>The folders the root's tmpfiles.d lines make, each with the file and line that says so (read once per host).</summary>
    private static Dictionary<string, string> Tmpfiles(HostModel host) =>
        host.Shared("SocketFolders.Tmpfiles", host, () =>
        {
            var made = new Dictionary<string, string>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var files = host.Files.FileSystem;
            foreach (var folder in TmpfilesFolders)
            {
                foreach (var file in files.EnumerateEntries(folder))
                {
                    // A file of the same name in an earlier folder replaces this one (tmpfiles.d(5)).
                    if (!file.EndsWith(".conf", StringComparison.Ordinal) || !seen.Add(Path.GetFileName(file)) || !files.FileExists(file))
                    {
                        continue;
                    }

                    var number = 0;
                    foreach (var text in files.ReadLines(file))
                    {
                        number++;
                        if (MadeFolder(text) is { } path)
                        {
                            made.TryAdd(Endpoint.CanonicalizeRunPath(path), $"{files.DisplayPath(file)}:{number} ('{text.Trim()}')");
                        }
                    }
                }
            }

            return made;
        });

    /// <summary>The folder a tmpfiles.d line makes (<c>d /run/ledger 0755 ledger ledger -</c>), its specifiers for the
    /// system's folders expanded; null for another type, a comment, or a specifier not known here.</summary>
    private static string? MadeFolder(string line)
    {
        var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 2 || fields[0].StartsWith('#'))
        {
            return null;
        }

        // The type's letter, then modifiers (!, -, =, ~, ^, +, ?).
        if (fields[0][0] is not ('d' or 'D' or 'v' or 'q' or 'Q') || fields[0][1..].Any(c => "!-=~^+?".IndexOf(c, StringComparison.Ordinal) < 0))
        {
            return null;
        }

        var path = fields[1].Trim('"')
            .Replace("%t", "/run", StringComparison.Ordinal).Replace("%S", "/var/lib", StringComparison.Ordinal).Replace("%C", "/var/cache", StringComparison.Ordinal)
            .Replace("%L", "/var/log", StringComparison.Ordinal).Replace("%T", "/tmp", StringComparison.Ordinal).Replace("%V", "/var/tmp", StringComparison.Ordinal);
        return path.StartsWith('/') && !path.Contains('%', StringComparison.Ordinal) ? HostFiles.Absolute(path, null).TrimEnd('/') : null;
    }
}
