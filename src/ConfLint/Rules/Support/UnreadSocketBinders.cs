using ConfLint.Host;
using ConfLint.Host.Systemd;

namespace ConfLint.Rules.Support;

/// <summary>
/// Whether a program ConfLint does not read, whose address nothing in the root names
/// (<see cref="HostModel.UnreadProgramsAtUnknownAddresses"/>), may be what listens at a Unix socket target. A program may
/// listen on any TCP port (its address may be built in, or in a file ConfLint does not see), but bind(2) makes a Unix
/// socket only at the path it is given (unix(7): "the pathname" of the address; gunicorn's sock.py, puma's binder.rb,
/// uWSGI's socket.c, Go's net.Listen("unix", path) all bind the path as given): on its command line, in its environment,
/// in a file it reads, or one it derives from a folder of its own (<c>RuntimeDirectory=</c>, which systemd.exec(5) makes
/// for that service and hands over as <c>$RUNTIME_DIRECTORY</c>; pdns_server's control socket in its <c>socket-dir</c>,
/// the unit's <c>/run/pdns</c>). A daemon does not invent a path in another application's folder. So a program may bind
/// at a socket target where:
/// <list type="bullet">
/// <item>its command words or environment (<c>Environment=</c>, <c>EnvironmentFile=</c>) name the path, its folder or a
/// path in it (<c>--pid /run/app/pid</c>), or a folder above it other than one many programs share
/// (<c>--data-dir=/var/lib/app</c> for <c>/var/lib/app/run/app.sock</c>);</item>
/// <item>its unit makes a folder at or above it (<c>RuntimeDirectory=</c> and its kin, <see cref="UnitFolders"/>), or
/// works in it or above it (<c>WorkingDirectory=</c>, where a relative path such as <c>unix:app.sock</c> is bound);</item>
/// <item>the folder is named for it: a folder on the way is its unit's or supervisord program's name, or its binary's
/// (<c>/run/rstudio-server</c> for rstudio-server.service), not an interpreter's (<c>php</c>, <c>python3</c>, <c>node</c>
/// name no application: PHP CLI's <c>php bin/daemon.php</c> has no claim on PHP-FPM's <c>/run/php</c>);</item>
/// <item>where none of those holds, the program may still read the path from a file ConfLint does not see (pdns_server's
/// /etc/powerdns/pdns.conf, a <c>-c /etc/x.conf</c> not in the root, an <c>EnvironmentFile=</c> not there): that is
/// only ruled out where the folder belongs to another application, one ConfLint reads binding a socket in it
/// (powerdnsadmin.socket's <c>ListenStream=/run/powerdnsadmin/socket</c>, PHP-FPM's pools in <c>/run/php</c>), the run
/// folder the packaging of a back end ConfLint reads makes for its own sockets (Debian's uwsgi init script's
/// <c>/run/uwsgi</c>, the PHP-FPM packages' <c>/run/php</c> or <c>/run/php-fpm</c>: <see cref="PackagingFolders"/>), or
/// another unit making it (<c>RuntimeDirectory=</c>). A folder many programs share (<c>/run</c>, <c>/tmp</c>, <c>/var/tmp</c>,
/// <c>/dev/shm</c>, <c>/run/user</c>, a home) belongs to no one, and nothing said of one is a claim: there the program
/// stays one that may listen, as where nothing says whose the folder is.</item>
/// </list>
/// The programs' words and folders are read once per host; each target then only looks them up.
/// </summary>
/// <remarks>The PHP CLI running a script is judged as any other program here, by what it names: at a TCP target it stays
/// one that may listen, for a script may well be a server (Ratchet's documented <c>php bin/chat-server.php</c> runs
/// <c>IoServer::factory(..., 8080)</c>, socketo.me; ReactPHP, Workerman and Swoole servers are run the same way), so it is
/// not taken as a non-server (AppServer.NotListening); only its name, <c>php</c>, claims no folder. Its built-in server
/// (<c>php -S ADDR:PORT</c>) names its address and is found where that address is the target
/// (<see cref="HostModel.UnreadProgramNaming(Endpoint, bool)"/>).</remarks>
internal static class UnreadSocketBinders
{
    /// <summary>Folders many programs put sockets or files in: a word naming one, or a unit making it, claims nothing.</summary>
    private static readonly HashSet<string> Shared = new(StringComparer.Ordinal)
    {
        "/", "/run", "/tmp", "/var/tmp", "/dev/shm", "/run/user", "/var", "/var/lib", "/var/cache", "/var/log", "/var/www", "/srv", "/opt", "/home",
        "/usr", "/usr/share", "/usr/local", "/usr/bin", "/usr/sbin", "/bin", "/sbin", "/usr/lib", "/usr/local/bin", "/usr/local/sbin", "/usr/local/lib",
        "/etc", "/root", "/var/opt", "/usr/libexec",
    };

    /// <summary>Interpreters and runtimes (by their binary's name, a version suffix left out): the name of the program they
    /// run, not theirs, is the application's.</summary>
    private static readonly string[] Interpreters = ["php", "python", "pypy", "node", "nodejs", "ruby", "perl", "java", "bun", "deno", "dotnet", "sh", "bash", "dash", "env", "uv"];

    /// <summary>Segments of a folder's path that name no application (<c>/var/lib/app/run/sockets</c>).</summary>
    private static readonly HashSet<string> Generic = new(StringComparer.Ordinal)
    {
        "run", "var", "lib", "tmp", "opt", "srv", "usr", "local", "share", "www", "socket", "sockets", "sock", "socks", "data", "app", "apps", "home", "cache", "state",
    };

    /// <summary>Whether <paramref name="program"/> may be what listens at <paramref name="endpoint"/>: always for a TCP
    /// target, and for a Unix socket as the class's summary says.</summary>
    public static bool MayBind(HostModel host, UnreadProgram program, Endpoint endpoint)
    {
        if (endpoint.Kind != EndpointKind.Unix || endpoint.CanonicalPath is not { } raw || !raw.StartsWith('/'))
        {
            return true;
        }

        var path = Workspace.RootedFileSystem.Normalize(raw);
        var folder = SocketFolders.FolderOf(path);
        var own = Own(host).TryGetValue(program, out var found) ? found : null;
        if (own is null)
        {
            return true;
        }

        // The socket is named for a back end ConfLint reads that is given exactly this path (wwsympa.service's spawn-fcgi -s
        // /run/sympa/wwsympa.socket), in a folder not many programs share: the target is that back end's. Another program may then be what binds it only where
        // it names the path or its folder itself, or its unit makes the folder; keeping files there (PIDFile=
        // /run/sympa/archived.pid) or a name of the same family (sympa-archive.service) is no claim on that socket.
        if (!Shared.Contains(folder) && !SameApplication.IsHomeFolder(folder) && Claims(host).NamedPaths.Contains(path))
        {
            return own.Paths.Contains(path) || own.Paths.Contains(folder)
                || (program.Unit is { } owner && UnitFolders.Above(owner, path, host.Accounts, out _).Count > 0);
        }

        if (Names(own, path, folder) || NamedFor(own, folder))
        {
            return true;
        }

        // The program's own unit making a folder on the way (RuntimeDirectory=app/sub for /run/app/sub/app.sock).
        if (program.Unit is { } unit && UnitFolders.Above(unit, path, host.Accounts, out _).Count > 0)
        {
            return true;
        }

        return !ClaimedByAnother(host, program, folder);
    }

    /// <summary>Whether the program's words or working folder name the socket's path, its folder, a path in that folder, or
    /// a folder above it that is not <see cref="Shared"/>.</summary>
    private static bool Names(Program own, string path, string folder)
    {
        foreach (var named in own.Paths)
        {
            if (named == path || named == folder)
            {
                return true;
            }

            if (!Shared.Contains(folder) && !SameApplication.IsHomeFolder(folder) && SocketFolders.FolderOf(named) == folder)
            {
                return true; // a path in the folder: --pid /run/app/pid
            }

            if (!Shared.Contains(named) && !SameApplication.IsHomeFolder(named) && folder.StartsWith(named + "/", StringComparison.Ordinal))
            {
                return true; // a folder above it: --data-dir=/var/lib/app
            }
        }

        return false;
    }

    /// <summary>Whether a folder on the way to the socket (below the shared ones) is named for the program: a segment that is
    /// one of its names, or holds one (four letters or more), or is held in one.</summary>
    private static bool NamedFor(Program own, string folder)
    {
        if (own.Names.Count == 0)
        {
            return false;
        }

        foreach (var segment in folder.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var part = SameApplication.Normalize(segment);
            if (part.Length < 3 || Generic.Contains(part))
            {
                continue;
            }

            foreach (var name in own.Names)
            {
                if (name == part || (name.Length >= 4 && part.Length >= 4 && (name.Contains(part, StringComparison.Ordinal) || part.Contains(name, StringComparison.Ordinal))))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Whether the socket's folder belongs to another application: a back end ConfLint reads binds a socket in it,
    /// or a unit other than the program's makes it or a folder above it (<c>RuntimeDirectory=</c>). A
    /// <see cref="Shared"/> folder or a home belongs to no one.</summary>
    private static bool ClaimedByAnother(HostModel host, UnreadProgram program, string folder)
    {
        if (Shared.Contains(folder) || SameApplication.IsHomeFolder(folder) || SameApplication.SharedFolders.Contains(folder))
        {
            return false;
        }

        var claims = Claims(host);
        if (claims.SocketFolders.Contains(folder))
        {
            return true;
        }

        for (var above = folder; above.Length > 1 && !Shared.Contains(above); above = SocketFolders.FolderOf(above))
        {
            if (claims.UnitFolders.TryGetValue(above, out var units) && units.Any(u => u != program.Unit?.Name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>What one program at an unknown address names: the absolute paths of its words (a <c>unix:</c> prefix
    /// taken off; each value of <c>KEY=value</c> and of a list) and its unit's working folder, and the names it goes by
    /// (normalized; not an interpreter's).</summary>
    private sealed record Program(List<string> Paths, List<string> Names);

    /// <summary>The programs at unknown addresses, each with what it names (read once per host).</summary>
    private static Dictionary<UnreadProgram, Program> Own(HostModel host) =>
        host.Shared("UnreadSocketBinders.Own", host, static (HostModel model) =>
        {
            var map = new Dictionary<UnreadProgram, Program>(ReferenceEqualityComparer.Instance);
            foreach (var program in model.UnreadProgramsAtUnknownAddresses())
            {
                var paths = new List<string>();
                foreach (var word in program.Words)
                {
                    foreach (var piece in word.Split('=', ',', ' '))
                    {
                        var value = piece.Trim('"', '\'');
                        value = value.StartsWith("unix://", StringComparison.Ordinal) ? value["unix://".Length..]
                            : value.StartsWith("unix:", StringComparison.Ordinal) ? value["unix:".Length..] : value;
                        if (value.Length > 1 && value[0] == '/' && value.IndexOfAny(['$', '*', '?']) < 0)
                        {
                            paths.Add(Endpoint.CanonicalizeRunPath(Workspace.RootedFileSystem.Normalize(value).TrimEnd('/')));
                        }
                    }
                }

                if (program.Unit is { } unit && SystemdBackEnds.WorkingDirectory(unit) is { Length: > 1 } working)
                {
                    paths.Add(Endpoint.CanonicalizeRunPath(Workspace.RootedFileSystem.Normalize(working).TrimEnd('/')));
                }

                var names = new List<string>();
                if (program.Words.Count > 0)
                {
                    foreach (var name in HostModel.OwnNames(program))
                    {
                        var normalized = SameApplication.Normalize(name);
                        if (normalized.Length >= 3 && !IsInterpreter(normalized) && !names.Contains(normalized))
                        {
                            names.Add(normalized);
                        }
                    }
                }

                map[program] = new Program(paths, names);
            }

            return map;
        });

    /// <summary>Whether a name (normalized) is an interpreter's, a version suffix left out (<c>php82</c>, <c>python3</c>).</summary>
    private static bool IsInterpreter(string name) =>
        Interpreters.Any(i => name == i || (name.StartsWith(i, StringComparison.Ordinal) && name[i.Length..].All(char.IsAsciiDigit)));

    /// <summary>The folders the back ends ConfLint reads bind Unix sockets in; the socket paths among those whose file is
    /// named for the back end binding it (the name before the first dot, four letters or more and not a generic one, is
    /// its unit's or supervisord program's name, or holds it, or is held in it); and the folders each service unit makes
    /// with <c>RuntimeDirectory=</c> (with the units that make them); read once per host.</summary>
    private sealed record Claimed(HashSet<string> SocketFolders, HashSet<string> NamedPaths, Dictionary<string, List<string>> UnitFolders);

    private static Claimed Claims(HostModel host) =>
        host.Shared("UnreadSocketBinders.Claims", host, static (HostModel model) =>
        {
            var sockets = new HashSet<string>(StringComparer.Ordinal);
            var named = new HashSet<string>(StringComparer.Ordinal);
            foreach (var backEnd in model.BackEnds)
            {
                foreach (var listener in backEnd.Listeners)
                {
                    if (listener.Endpoint is { Kind: EndpointKind.Unix, CanonicalPath: { } own } && own.StartsWith('/'))
                    {
                        var path = Workspace.RootedFileSystem.Normalize(own);
                        sockets.Add(SocketFolders.FolderOf(path));
                        if (SocketNamedFor(path, backEnd, model))
                        {
                            named.Add(path);
                        }
                    }
                }

                foreach (var folder in PackagingFolders(backEnd))
                {
                    sockets.Add(folder);
                }
            }

            var units = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var (unit, _) in model.ServiceUnits.Values)
            {
                foreach (var (_, name, complete) in UnitFolders.Names(unit, "RuntimeDirectory"))
                {
                    if (complete && name.Length > 0)
                    {
                        var folder = Workspace.RootedFileSystem.Normalize("/run/" + name).TrimEnd('/');
                        (units.TryGetValue(folder, out var list) ? list : units[folder] = []).Add(unit.Name);
                    }
                }
            }

            return new Claimed(sockets, named, units);
        });

    /// <summary>The run folders a back end's packaging makes for its own sockets, which belong to the back ends of that
    /// packaging whether or not one binds there now: Debian's uwsgi init script makes <c>UWSGI_RUNDIR</c>
    /// (<c>/run/uwsgi</c>) and <c>/run/uwsgi/app</c> (the default <c>UWSGI_DEFAULT_CONFNAMESPACE</c>) for the
    /// applications of <c>/etc/uwsgi/apps-enabled</c>; the PHP-FPM packages make their runtime folder for their pools
    /// (Debian's <c>/run/php</c>, RHEL's <c>/run/php-fpm</c>: <see cref="Knowledge.PhpInstallPaths.RunFolder"/>). A
    /// program ConfLint does not read gets no path there by itself (a stale <c>/run/uwsgi/app.sock</c> left by another
    /// packaging's layout is no other program's socket).</summary>
    private static IEnumerable<string> PackagingFolders(BackEnd backEnd) => backEnd switch
    {
        DebianUwsgiApp => ["/run/uwsgi", "/run/uwsgi/app"],
        Host.PhpFpm.FpmPool { Install.Paths.RunFolder: { } run } when run.StartsWith('/') => [Endpoint.CanonicalizeRunPath(Workspace.RootedFileSystem.Normalize(run).TrimEnd('/'))],
        _ => [],
    };

    /// <summary>Whether a socket's file name (before its first dot) names the back end that binds it.</summary>
    private static bool SocketNamedFor(string path, BackEnd backEnd, HostModel model)
    {
        var file = path[(path.LastIndexOf('/') + 1)..];
        var stem = SameApplication.Normalize(file.Split('.')[0]);
        if (stem.Length < 4 || Generic.Contains(stem) || IsInterpreter(stem))
        {
            return false;
        }

        string? name = backEnd switch
        {
            SocketBackEnd socket => socket.Unit.Name,
            Host.Supervisor.SupervisorBackEnd program => program.Program,
            _ => model.ServiceOf(backEnd)?.UnitName,
        };
        if (name is null)
        {
            return false;
        }

        var owner = SameApplication.Normalize(name.EndsWith(".service", StringComparison.Ordinal) || name.EndsWith(".socket", StringComparison.Ordinal) ? name[..name.LastIndexOf('.')] : name);
        return owner.Length >= 4 && (owner == stem || owner.Contains(stem, StringComparison.Ordinal) || stem.Contains(owner, StringComparison.Ordinal));
    }
}
