using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.PhpFpm;
using ConfLint.Host.Supervisor;
using ConfLint.Host.Systemd;
using ConfLint.Syntax.Systemd;
using ConfLint.Workspace;
using ConfLint.Workspace.Systemd;

namespace ConfLint.Rules.Support;

/// <summary>
/// Back ends that the configuration proves cannot start, or cannot bind where they are set to, so that a front end
/// pointed at them gets nothing:
/// <list type="bullet">
/// <item>a Unix socket in a folder below <c>/run</c> (a tmpfs, empty at every boot) that nothing makes
/// (<see cref="SocketFolders.Known"/> finds nothing; no unit of the root makes it with <c>RuntimeDirectory=</c> and its
/// kin, no <c>ExecStartPre=</c> or script of the service names it, no program ConfLint does not read names it). bind(2)
/// there fails with ENOENT: php-fpm's fpm_sockets.c binds the path as given ("unable to bind listening socket for address
/// '...': No such file or directory", then "FPM initialization failed": every pool of that master is down), and so do
/// gunicorn's sock.py, uWSGI's socket.c and puma's binder.rb;</item>
/// <item>gunicorn given a <c>--bind</c> whose port its parser refuses (util.py's parse_address: <c>int(port)</c>, else
/// "'...' is not a valid port number", and the arbiter exits) once systemd has expanded the word as it does
/// (systemd.service(5), "Command lines"; env-util.c's replace_env_argv): a bare <c>$NAME</c> inside a longer word is
/// kept as written, <c>${NAME}</c> becomes the value, empty where the variable is unset; the value of an
/// <c>EnvironmentFile=</c> line keeps an inline <c># comment</c> (env-file.c: only a line that starts with <c>#</c> or
/// <c>;</c> is a comment);</item>
/// <item>a service whose <c>EnvironmentFile=</c>, written without <c>-</c>, names a file that is not there while the
/// root holds its folder: systemd refuses to start it (systemd.exec(5): "Failed to load environment files").</item>
/// </list>
/// Evidence before verdict: nothing is said where the service's unit is not in the root, where the service is started by a
/// socket unit, where the environment is not known whole, or where a script or program ConfLint does not read may make
/// the folder or the file.
/// </summary>
internal static class StartFailures
{
    /// <summary>Why a back end cannot start or bind.</summary>
    /// <param name="BackEnd">The back end that fails.</param>
    /// <param name="Why">What fails, said: "gunicorn refuses the address ... and exits".</param>
    /// <param name="At">The line that shows it (the listen line, the <c>EnvironmentFile=</c> line, the env file's line).</param>
    /// <param name="Intended">The address it was meant to listen at, where that is known.</param>
    /// <param name="Advice">The remedies.</param>
    /// <param name="Listener">The socket it cannot bind, for a folder nothing makes; null for a service that fails as a whole.</param>
    /// <param name="Tied">False where the back end's address is not known and nothing in the configuration ties it to the
    /// front end: nothing listens at the target, but which back end was meant there is not known (info).</param>
    /// <param name="Maker">The line that makes the socket's folder as it is, where that is what fails (<see cref="SocketCreation"/>).</param>
    internal sealed record Failure(BackEnd BackEnd, string Why, RelatedLocation? At, Endpoint? Intended, string Advice, EndpointSite? Listener, bool Tied = true, RelatedLocation? Maker = null);

    private static readonly string[] PackagedFolders = ["/usr/bin/", "/usr/sbin/", "/bin/", "/sbin/", "/usr/lib/", "/lib/", "/usr/libexec/"];

    private static readonly string[] RuntimeFolders = ["/run/", "/var/run/", "/tmp/", "/var/tmp/", "/dev/shm/"];

    /// <summary>Why nothing that should answer at <paramref name="target"/> can: every back end listening there cannot
    /// bind or start; or none listens there and a back end that cannot start was meant to (its intended address is the
    /// target's, or, where that address is not known, the configuration ties it to the front end). Null where the
    /// configuration proves no such thing.</summary>
    public static Failure? At(HostModel host, FrontEnd frontEnd, EndpointSite target)
    {
        var endpoint = target.Endpoint;
        var providers = host.Providers(endpoint);
        if (providers.Count > 0)
        {
            Failure? first = null;
            for (var i = 0; i < providers.Count; i++)
            {
                if (Of(host, providers[i], endpoint) is not { } failure)
                {
                    return null;
                }

                first ??= failure;
            }

            return first;
        }

        var failures = Services(host);
        if (failures.Count == 0 || !NothingElseMayListen(host, endpoint, failures))
        {
            return null;
        }

        foreach (var failure in failures)
        {
            if (failure.Intended is { } intended && intended.Accepts(endpoint))
            {
                return failure;
            }
        }

        // The address is not known (the variables that give it are unset): the configuration's tie to the front end, where
        // it names exactly one such back end; else, where only one such back end is, nothing listens at the target all the
        // same, but whether it was the one meant is not known.
        Failure? tied = null;
        Failure? only = null;
        var unplaced = 0;
        foreach (var failure in failures)
        {
            if (failure.Intended is not null || failure.BackEnd.Listeners.Count > 0)
            {
                continue;
            }

            unplaced++;
            only = failure;
            if (SameApplication.Evidence(host, frontEnd, failure.BackEnd) is { } tie)
            {
                if (tied is not null)
                {
                    return null;
                }

                tied = failure with { Why = $"{failure.Why}; it is the back end meant here: {tie}" };
            }
        }

        return tied ?? (unplaced == 1 ? only! with { Tied = false } : null);
    }

    /// <summary>Why <paramref name="backEnd"/>, listening at <paramref name="endpoint"/>, cannot: its service fails as a
    /// whole, the socket's folder is not made, or (PHP-FPM) another pool of its master cannot bind, which fails them all.</summary>
    private static Failure? Of(HostModel host, BackEnd backEnd, Endpoint endpoint)
    {
        if (backEnd is SocketBackEnd { Service: { } activated })
        {
            // systemd holds the socket; the service it starts on the first connection may still refuse to run.
            foreach (var failure in Services(host))
            {
                if (ReferenceEquals(failure.BackEnd, activated))
                {
                    return failure;
                }
            }

            return null;
        }

        if (backEnd is SupervisorBackEnd program)
        {
            foreach (var listener in program.Listeners)
            {
                if (listener.Endpoint.Accepts(endpoint) && host.Shared("StartFailures.ProgramFolderMissing", listener, () => ProgramFolderMissing(host, program, listener)) is { } missing)
                {
                    return missing;
                }
            }
        }

        // Its user may not create the socket in its folder, or cannot take the account its options name.
        if (SocketCreation.Of(host, backEnd, endpoint) is { } denied)
        {
            return denied;
        }

        if (backEnd is SupervisorBackEnd)
        {
            return null;
        }

        if (host.ServiceOf(backEnd) is not { } service)
        {
            return null;
        }

        foreach (var failure in Services(host))
        {
            if (ReferenceEquals(failure.BackEnd, service))
            {
                return failure;
            }
        }

        foreach (var listener in backEnd.Listeners)
        {
            if (listener.Endpoint.Accepts(endpoint) && FolderMissingOnce(host, backEnd, service, listener) is { } missing)
            {
                return missing;
            }
        }

        if (backEnd is FpmPool)
        {
            // FPM initialization fails on the first pool that cannot bind: the master, and every pool, is down.
            foreach (var missing in PoolFolderFailures(host, service))
            {
                if (!ReferenceEquals(missing.BackEnd, backEnd))
                {
                    return missing;
                }
            }
        }

        return null;
    }

    /// <summary>Why <paramref name="service"/> never runs: it fails as a whole (an environment file, a refused address), or,
    /// for PHP-FPM, a pool of it binds a socket in a folder nothing makes, which ends the master's start ("FPM
    /// initialization failed"). Null where the configuration proves neither.</summary>
    public static Failure? OfService(HostModel host, ServiceBackEnd service)
    {
        foreach (var failure in Services(host))
        {
            if (ReferenceEquals(failure.BackEnd, service))
            {
                return failure;
            }
        }

        return service.IsPhpFpm && PoolFolderFailures(host, service) is [var first, ..] ? first : null;
    }

    /// <summary><see cref="FolderMissing"/> worked out once for each listener: every front end that reaches a pool asks.</summary>
    private static Failure? FolderMissingOnce(HostModel host, BackEnd backEnd, ServiceBackEnd service, EndpointSite listener) =>
        host.Shared("StartFailures.FolderMissing", listener, () => FolderMissing(host, backEnd, service, listener));

    /// <summary>The pools of one PHP-FPM service whose socket folder nothing makes, in model order, found once for each
    /// service (a host may hold thousands of pools, each reached by front ends that ask about all their siblings).</summary>
    private static List<Failure> PoolFolderFailures(HostModel host, ServiceBackEnd service) =>
        host.Shared("StartFailures.PoolFolders", service, () =>
        {
            var failures = new List<Failure>();
            foreach (var other in host.BackEnds)
            {
                if (other is FpmPool pool && ReferenceEquals(host.ServiceOf(pool), service))
                {
                    foreach (var listener in pool.Listeners)
                    {
                        if (FolderMissingOnce(host, pool, service, listener) is { } missing)
                        {
                            failures.Add(missing);
                        }
                    }
                }
            }

            return failures;
        });

    /// <summary>A socket below <c>/run</c> whose folder nothing makes; null where anything may.</summary>
    private static Failure? FolderMissing(HostModel host, BackEnd backEnd, ServiceBackEnd service, EndpointSite listener)
    {
        if (listener.Endpoint is not { Kind: EndpointKind.Unix, Path: { } path } || service.IsSocketActivated
            || !path.StartsWith('/') || path.Contains("/../", StringComparison.Ordinal))
        {
            return null;
        }

        var folder = SocketFolders.FolderOf(path);
        if (!folder.StartsWith("/run/", StringComparison.Ordinal) || SocketFolders.Known(host, backEnd, path) is not null
            || AnyUnitMakes(host, folder) || MayMake(host, service.Unit, folder, service, path) || UnreadMayMake(host, folder))
        {
            return null;
        }

        var container = SocketCreation.IsContainer(host);
        if (container && ProcessOneMayMake(host, folder))
        {
            return null;
        }

        var program = backEnd is FpmPool ? "php-fpm" : host.AppServerOf(backEnd)?.Program ?? backEnd.Describe();
        var name = folder["/run/".Length..];
        var fails = backEnd is FpmPool
            ? $"php-fpm binds the path as given (fpm_sockets.c) and makes no folder: \"unable to bind listening socket for address '{path}': No such file or directory\", then \"FPM initialization failed\", so {service.UnitName} fails at every boot and every pool of it is down"
            : $"{program} binds the path as given and makes no folder: bind fails (No such file or directory), {program} exits and {service.UnitName} fails at every boot";
        var why = container
            ? $"{backEnd.Describe()} binds {path}, in {folder}, which nothing makes: {ContainerFolder(host, folder)}, no ExecStartPre= of {service.UnitName} makes it, nor does the root hold it; {fails}"
            : $"{backEnd.Describe()} binds {path}, in {folder}, which nothing makes: /run is a tmpfs, empty at every boot, and no RuntimeDirectory= (nor its kin) of {service.UnitName} or any unit, no tmpfiles.d line, no ExecStartPre= makes it, nor does the root hold it; {fails}";
        var third = backEnd is FpmPool { Install.Paths.RunFolder: { } run } ? $", or bind the socket in {run}, which the PHP-FPM packages make (and point the front end there)" : string.Empty;
        var advice = container
            ? ContainerAdvice(folder, program) + third
            : $"Make {folder} at each boot: RuntimeDirectory={name} with RuntimeDirectoryPreserve=yes in a drop-in for {service.UnitName} (/etc/systemd/system/{service.UnitName}.d/runtime.conf; the folder is then its User='s), or a tmpfiles.d line 'd {folder} 0755 USER GROUP -' (/etc/tmpfiles.d/{name.Replace('/', '-')}.conf){third}";
        return new Failure(backEnd, why, null, listener.Endpoint, advice, listener);
    }

    /// <summary>
    /// A supervisord program's socket below <c>/run</c> whose folder nothing makes: supervisord makes no folders (it has no
    /// <c>RuntimeDirectory=</c>: a program's options are its command, user, folder, umask and environment, supervisord's
    /// configuration docs), so only the root's units (<c>RuntimeDirectory=</c> and its kin of any of them, the
    /// <c>ExecStartPre=</c> of the service that runs supervisord), a tmpfiles.d line, or the program's own command line
    /// (a shell that runs <c>mkdir</c> first) may. The server binds the path as given and exits; supervisord starts it
    /// again <c>startretries</c> times (3 unless set) and then leaves it FATAL (supervisord's docs, "Process States").
    /// In a container (process 1 not systemd: <see cref="SocketCreation.IsContainer"/>) no unit or tmpfiles.d line runs,
    /// so the reason and the advice are the container's (the image, a volume), and a script process 1 runs that names the
    /// folder, or a process 1 not read to its end, may make it. Null where anything may make the folder.
    /// </summary>
    private static Failure? ProgramFolderMissing(HostModel host, SupervisorBackEnd program, EndpointSite listener)
    {
        if (program.OwnSocket || program.Server is not { } server || listener.Endpoint is not { Kind: EndpointKind.Unix, Path: { } path }
            || !path.StartsWith('/') || path.Contains("/../", StringComparison.Ordinal))
        {
            return null;
        }

        var folder = SocketFolders.FolderOf(path);
        var supervisord = SupervisorBackEnds.SupervisordUnit(host);
        if (!folder.StartsWith("/run/", StringComparison.Ordinal) || SocketFolders.Known(host, program, path) is not null
            || AnyUnitMakes(host, folder) || (supervisord is not null && MayMake(host, supervisord, folder, null)) || UnreadMayMake(host, folder)
            || CommandNames(program, path, folder) || server.UwsgiOptions?.AnyCommandNames(folder, "exec-", "hook-", "call-") == true)
        {
            return null;
        }

        var container = SocketCreation.IsContainer(host);
        if (container && ProcessOneMayMake(host, folder))
        {
            return null;
        }

        var name = folder["/run/".Length..];
        var fails = $"{server.Program} binds the path as given and makes no folder: bind fails (No such file or directory), {server.Program} exits, and supervisord, after its start retries (startretries, 3 unless set), leaves '{program.Program}' FATAL";
        var why = container
            ? $"{program.Describe()} binds {path}, in {folder}, which nothing makes: {ContainerFolder(host, folder)}, supervisord makes no folders, nor does the root hold it; {fails} each time the container starts"
            : $"{program.Describe()} binds {path}, in {folder}, which nothing makes: /run is a tmpfs, empty at every boot, supervisord makes no folders (it has no RuntimeDirectory=), and no RuntimeDirectory= (nor its kin) of any unit, no tmpfiles.d line, no ExecStartPre= of {supervisord?.Name ?? "the service that runs supervisord"} makes it, nor does the root hold it; "
              + $"{fails} at every boot";
        var advice = container
            ? ContainerAdvice(folder, server.Program)
            : $"Make {folder} at each boot: a tmpfiles.d line 'd {folder} 0755 USER GROUP -' (/etc/tmpfiles.d/{name.Replace('/', '-')}.conf), USER being the one {server.Program} binds as, then run systemd-tmpfiles --create; or bind the socket in a folder that is there";
        return new Failure(program, why, null, listener.Endpoint, advice, listener);
    }

    /// <summary>What makes (or does not make) <paramref name="folder"/> in a container, said: its process 1 is not systemd
    /// (<c>/proc/1/status</c>), so no unit's <c>RuntimeDirectory=</c> and no tmpfiles.d line is run there (systemd-tmpfiles
    /// runs only as systemd's own services, systemd-tmpfiles(8)); the folders are the image's and those its start scripts
    /// make.</summary>
    private static string ContainerFolder(HostModel host, string folder)
    {
        var init = host.InitProcess!;
        var scripts = host.Workspace.ProcessOne?.Scripts is { Count: > 0 } followed
            ? $", and the script{(followed.Count > 1 ? "s" : string.Empty)} it runs ({string.Join(", ", followed.Select(f => host.Workspace.FileSystem.DisplayPath(f)))}) do{(followed.Count > 1 ? string.Empty : "es")} not name {folder}"
            : string.Empty;
        return $"the root is a container's, whose process 1 is {init.Name} (proc/1/status), not systemd: no RuntimeDirectory= and no tmpfiles.d line is run there{scripts}; the folder is there only where the image holds it or a mount puts it there";
    }

    /// <summary>The remedies for a socket folder a container lacks: the image makes it, a volume is mounted there, or the
    /// socket moves to a folder the image has.</summary>
    private static string ContainerAdvice(string folder, string program) =>
        $"Make {folder} in the container's image (a Dockerfile line 'RUN mkdir -p {folder} && chown USER {folder}', USER being the one {program} binds as), or mount a volume there (Kubernetes: an emptyDir); or bind the socket in a folder that exists in the container (and point the front end there)";

    /// <summary>Whether the container's start may make <paramref name="folder"/>: a script process 1 runs names it, or
    /// process 1's command is not read to its end (<see cref="ProcessOneLaunch"/>), or the root does not show it.</summary>
    private static bool ProcessOneMayMake(HostModel host, string folder)
    {
        if (host.Workspace.ProcessOne is not { } launch || launch.Why is not null)
        {
            return true;
        }

        foreach (var script in launch.Scripts)
        {
            if (host.Files.Read(script) is not { } text || Names(text.Text, folder))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the program's command names <paramref name="folder"/> other than as the socket's own path (a shell
    /// that makes it before it starts the server).</summary>
    private static bool CommandNames(SupervisorBackEnd program, string path, string folder)
    {
        var command = program.Section.Find("command")?.Value ?? string.Empty;
        var rest = command.Replace(path, string.Empty, StringComparison.Ordinal).Replace("/var" + path, string.Empty, StringComparison.Ordinal);
        return Names(rest, folder);
    }

    /// <summary>
    /// What in the start of a back end no unit runs may make or change <paramref name="folder"/> after boot, said; null for
    /// nothing read. Debian's uwsgi init script makes its <c>UWSGI_RUNDIR</c> (<c>/run/uwsgi</c>) and
    /// <c>/run/uwsgi/app/NAME</c> with <c>install -d</c>, which sets the owner and mode of a folder that is there too,
    /// before each application starts (<c>/usr/share/uwsgi/init/specific_daemon</c>); a supervisord program's command line
    /// (<c>sh -c "mkdir -p ... &amp;&amp; chmod ..."</c>), the command of the supervisord program that runs a PHP-FPM, and
    /// uWSGI's <c>exec-*</c>, <c>hook-*</c>, <c>call-*</c> options run what they name.
    /// </summary>
    internal static string? OwnStartMayChange(HostModel host, BackEnd backEnd, string path, string folder)
    {
        if (backEnd is DebianUwsgiApp && (folder == "/run/uwsgi" || folder.StartsWith("/run/uwsgi/", StringComparison.Ordinal)))
        {
            return "Debian's uwsgi init script makes /run/uwsgi and the folders below it for its applications (install -d), which may set its owner and mode before the application starts";
        }

        var program = backEnd as SupervisorBackEnd ?? host.SupervisorOf(backEnd);
        if (program is not null && CommandNames(program, path, folder))
        {
            return $"the command of supervisord's program '{program.Program}' names it, and may make or change it";
        }

        if (host.AppServerOf(backEnd)?.UwsgiOptions?.AnyCommandNames(folder, "exec-", "hook-", "call-") == true)
        {
            return "an exec-, hook- or call- option of uwsgi names it, and may make or change it";
        }

        return null;
    }

    /// <summary>Whether a unit of the root makes <paramref name="folder"/> (<see cref="UnitFolders"/>): whichever service it
    /// is, it may run before this one.</summary>
    private static bool AnyUnitMakes(HostModel host, string folder)
    {
        foreach (var (unit, _) in host.ServiceUnits.Values)
        {
            var folders = UnitFolders.Above(unit, folder + "/socket", host.Accounts, out var unjudged);
            foreach (var made in folders)
            {
                if (made.Path == folder)
                {
                    return true;
                }
            }

            // A name whose specifier cannot be expanded, or a mode not read: it may be this folder.
            if (unjudged is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a command of the unit may make <paramref name="path"/> (a folder or a file) before its program
    /// needs it: a word of its <c>ExecStartPre=</c> names it (<c>mkdir -p /run/app</c>, <c>install -d</c>), or a word of
    /// its <c>ExecStart=</c> other than <paramref name="own"/> (the socket itself); or one of them runs a script that names
    /// it, or a program outside the system's folders (<c>/usr/bin</c> and the like) that is not in the root. The
    /// application server ConfLint read (<paramref name="service"/>'s gunicorn, php-fpm) makes neither: it is not taken
    /// for such a program. For a program ConfLint does not read (<paramref name="service"/> null), only a one-shot
    /// unit's <c>ExecStart=</c> is (a setup job); a daemon's own program is not. Whether the folder is there at all is
    /// asked here; what the usual commands do to one that is there (its owner and mode) is <see cref="FolderCommands"/>'s.
    /// The commands, in systemd's order and with which to ask about, are <see cref="StartCommands"/>'s walk.</summary>
    internal static bool MayMake(HostModel host, MergedUnit unit, string path, ServiceBackEnd? service, string? own = null)
    {
        foreach (var step in StartCommands.Of(host, unit, service))
        {
            foreach (var word in step.Command.Arguments)
            {
                if (Names(word.Value, path) && (step.Pre || own is null || !word.Value.Contains(own, StringComparison.Ordinal)))
                {
                    return true;
                }
            }

            if (step.RunsUnknown(host, path))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a word names <paramref name="path"/> (or its <c>/var/run</c> form).</summary>
    internal static bool Names(string word, string path) =>
        word.Contains(path, StringComparison.Ordinal) || (path.StartsWith("/run/", StringComparison.Ordinal) && word.Contains("/var" + path, StringComparison.Ordinal));

    /// <summary>Whether the file names <paramref name="path"/> or cannot be read: a file not in the root outside the system's
    /// folders, or one in the root whose text names the path.</summary>
    internal static bool RunsUnknown(HostModel host, string executable, string path)
    {
        if (!executable.StartsWith('/') || SecretPaths.IsSecret(executable))
        {
            return false;
        }

        if (host.Files.Read(executable) is { } text)
        {
            return text.Text.Contains(path, StringComparison.Ordinal) || text.Text.Contains("/var" + path, StringComparison.Ordinal);
        }

        foreach (var folder in PackagedFolders)
        {
            if (executable.StartsWith(folder, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    internal static bool IsScript(string path) =>
        path.EndsWith(".sh", StringComparison.Ordinal) || path.EndsWith(".bash", StringComparison.Ordinal) || path.EndsWith(".py", StringComparison.Ordinal);

    /// <summary>Whether a program ConfLint does not read may make <paramref name="folder"/>: its words name it, or its
    /// unit's commands may (<see cref="MayMake"/>); or a script that runs no server names it in its <c>mkdir</c> and
    /// the like (<see cref="HostModel.NonServerScripts"/>); or a script ConfLint did not follow runs anywhere.</summary>
    internal static bool UnreadMayMake(HostModel host, string folder)
    {
        foreach (var script in host.NonServerScripts)
        {
            foreach (var made in script.Made)
            {
                if (Names(made, folder))
                {
                    return true;
                }
            }
        }

        foreach (var program in host.UnreadPrograms)
        {
            foreach (var word in program.Words)
            {
                if (Names(word, folder))
                {
                    return true;
                }
            }

            if (program.Unit is { } unit && MayMake(host, unit, folder, null))
            {
                return true;
            }
        }

        return host.UnfollowedScripts.Count > 0;
    }

    /// <summary>Whether nothing but the failing back ends may listen at <paramref name="endpoint"/>: every back end whose
    /// address is unknown is one of them, no program ConfLint does not read names the address or may serve at an address
    /// nothing names, and the web server itself does not listen there.</summary>
    private static bool NothingElseMayListen(HostModel host, Endpoint endpoint, List<Failure> failures)
    {
        foreach (var (backEnd, _) in host.UnknownListeners)
        {
            if (backEnd is null || !failures.Exists(f => ReferenceEquals(f.BackEnd, backEnd)))
            {
                return false;
            }
        }

        return WebServerListens.Covering(host, endpoint) is null && host.UnreadProgramNaming(endpoint, ownFolders: true) is null
            && UnmatchedTargets.UnreadAtUnknownAddress(host, endpoint) is null;
    }

    /// <summary>The services that fail as a whole (found once per host).</summary>
    private static List<Failure> Services(HostModel host) =>
        host.Shared("StartFailures.Services", host, () =>
        {
            var list = new List<Failure>();
            foreach (var backEnd in host.BackEnds)
            {
                if (backEnd is ServiceBackEnd { IsSocketActivated: false } service
                    && (MissingEnvironmentFile(host, service) ?? RefusedBind(host, service) ?? SpawnFcgiAccountMissing(host, service)) is { } failure)
                {
                    list.Add(failure);
                }
                else if (backEnd is ServiceBackEnd { IsCgiWrapper: true } wrapper && RefusedFcgiwrapOptions(host, wrapper) is { } refused)
                {
                    list.Add(refused);
                }
            }

            return list;
        });

    /// <summary>spawn-fcgi started as root whose <c>-u</c>, <c>-g</c>, <c>-U</c> or <c>-G</c> names an account the root proves
    /// missing (<see cref="UnitAccounts.ProvedMissing"/>): <c>find_user_group</c> (src/spawn-fcgi.c) prints "spawn-fcgi:
    /// can't find user name NAME" (or group name) and <c>main</c> returns before it binds, so nothing listens at its
    /// socket. Sympa's spawn-fcgi template's <c>-U nginx</c> (RHEL's web server user) kept on a Debian host is one.</summary>
    private static Failure? SpawnFcgiAccountMissing(HostModel host, ServiceBackEnd service)
    {
        if (service.Server is not { SpawnFcgi: { Root: true } options } || service.ExecStart is not { } execStart)
        {
            return null;
        }

        foreach (var (letter, word, group) in options.AccountNames())
        {
            var name = word.Value;
            if (!UnitAccounts.ProvedMissing(host, name, group))
            {
                continue;
            }

            var what = group ? "group" : "user";
            return new Failure(service,
                $"spawn-fcgi in {service.UnitName} starts as root and looks up -{letter} {name}, which names no {what} of the host (the root's accounts have none, and no sysusers.d line or userdb record makes one): "
                + $"it prints \"spawn-fcgi: can't find {what} name {name}\" and exits before it binds (find_user_group, src/spawn-fcgi.c), so nothing listens there",
                new RelatedLocation(execStart.Location, $"-{letter} {name}: no {what} of that name on this host"), service.Listeners.FirstOrDefault()?.Endpoint,
                $"Name an account the host has in -{letter} (the web server's {(group ? "group" : "user")} for -U/-G, the application's for -u/-g), or create the {what} '{name}'; then systemctl daemon-reload && systemctl restart {service.UnitName}",
                null);
        }

        return null;
    }

    /// <summary>An <c>EnvironmentFile=</c> without <c>-</c> whose file is not there, while the root holds its folder (and no
    /// command of the service may write it): systemd does not start the service.</summary>
    private static Failure? MissingEnvironmentFile(HostModel host, ServiceBackEnd service)
    {
        var files = host.Files.FileSystem;
        foreach (var entry in service.Unit.Effective("Service", "EnvironmentFile"))
        {
            var written = entry.Value.Trim();
            if (written.Length == 0 || written.StartsWith('-'))
            {
                continue;
            }

            var path = UnitSpecifiers.Expand(written, service.UnitName, out var complete);
            if (!complete || !path.StartsWith('/') || SecretPaths.IsSecret(path) || SecretPaths.IsUnreadable(path) || files.FileExists(path)
                || RuntimeFolders.Any(r => path.StartsWith(r, StringComparison.Ordinal)))
            {
                continue;
            }

            var folder = path[..Math.Max(1, path.LastIndexOf('/'))];
            if (!files.DirectoryExists(folder) || MayMake(host, service.Unit, path, service) || UnreadMayMake(host, path))
            {
                continue;
            }

            var intended = service.Listeners.Count == 1 ? service.Listeners[0].Endpoint : null;
            return new Failure(service, $"{service.UnitName} names EnvironmentFile={written}, which is not there (the root holds {folder}/, without it), and written without '-' a missing file stops the start: systemd does not start the service (\"Failed to load environment files: No such file or directory\", systemd.exec(5))",
                new RelatedLocation(entry.Location, $"EnvironmentFile={written}: the file is not there"), intended,
                $"Point EnvironmentFile= at the file that exists (or create {path}), then run systemctl daemon-reload and restart {service.UnitName}", null);
        }

        return null;
    }

    /// <summary>
    /// fcgiwrap given a command line its <c>getopt("c:hfs:p:")</c> refuses (fcgiwrap.c, main): an option letter it does not
    /// have, or <c>-c</c>, <c>-s</c>, <c>-p</c> without a value, makes it print "Unknown option" or "Option -c requires
    /// an argument" and exit 1; <c>-h</c> prints its usage and exits 0. Either way it serves nothing: started by its socket
    /// unit on the first connection, it exits at once, the connection is reset (nginx: 502), and after systemd's start
    /// limit the socket unit fails too. The classic case is Debian's unit, <c>ExecStart=/usr/sbin/fcgiwrap ${DAEMON_OPTS}</c>
    /// with <c>DAEMON_OPTS="-f -c 6"</c> in /etc/default/fcgiwrap (as ZoneMinder's README.Debian advises): systemd
    /// replaces <c>${NAME}</c> within its word and splits only a bare <c>$NAME</c> word (systemd.service(5), "Command
    /// lines"), so fcgiwrap gets one argument <c>-f -c 6</c>, reads <c>-f</c>, then a blank it has no option for.
    /// Judged only where the service's whole environment is known and the command is fcgiwrap itself.
    /// </summary>
    private static Failure? RefusedFcgiwrapOptions(HostModel host, ServiceBackEnd service)
    {
        if (service.ExecStart is not { } execStart
            || StartCommands.LineOf(host, service.Unit, execStart) is not { Commands.Count: 1, Error: null } parsed
            || parsed.Commands[0] is not { ProgramName: "fcgiwrap" } command || command.Prefixes.HasFlag(SystemdExecPrefixes.NoEnvironmentExpansion)
            || !EnvironmentKnown(host, service, out _))
        {
            return null;
        }

        var environment = service.Environment;
        var words = new List<string>();
        string? braced = null;
        foreach (var argument in command.Arguments)
        {
            var value = UnitSpecifiers.Expand(argument.Value, service.UnitName, out var specifiers);
            if (!specifiers)
            {
                return null;
            }

            if (EnvironmentVariables.WholeWord(value) is { } name)
            {
                // A bare $NAME word: systemd splits its value on whitespace (empty: no word at all).
                words.AddRange((environment.GetValueOrDefault(name) ?? string.Empty).Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries));
                continue;
            }

            var expanded = Braced(value, variable => environment.GetValueOrDefault(variable) ?? string.Empty);
            if (expanded is null || BareVariables(expanded).Count > 0)
            {
                return null;
            }

            if (expanded != value && braced is null)
            {
                braced = argument.Value;
            }

            words.Add(expanded);
        }

        if (FcgiwrapRefuses(words) is not { } why)
        {
            return null;
        }

        var exec = execStart.Value.Trim();
        var said = braced is not null && words.Any(w => w.Contains(' ', StringComparison.Ordinal) || w.Contains('\t', StringComparison.Ordinal))
            ? $"; systemd replaces {braced} within its word and splits only a bare $NAME word (systemd.service(5), \"Command lines\"), so fcgiwrap is given {string.Join(" ", words.Select(w => $"'{w}'"))}"
            : string.Empty;
        return new Failure(service, $"fcgiwrap in {service.UnitName} {why}{said}: started on the first connection, it exits at once, every request gets a reset connection (a 502), and after systemd's start limit the socket unit fails too",
            new RelatedLocation(execStart.Location, $"ExecStart={exec}"), service.Sockets.SelectMany(s => s.Listeners).FirstOrDefault()?.Endpoint ?? service.Listeners.FirstOrDefault()?.Endpoint,
            braced is not null
                ? $"Let systemd split the options: in a drop-in for {service.UnitName} write ExecStart= then ExecStart={exec.Replace(braced, "$" + braced[2..^1], StringComparison.Ordinal)} (or give the variable one option), then run systemctl daemon-reload and restart {service.UnitName}"
                : $"Give fcgiwrap only the options it has (-c NUMBER, -s SOCKET, -p PATH, -f), then run systemctl daemon-reload and restart {service.UnitName}",
            null);
    }

    /// <summary>Why fcgiwrap's getopt("c:hfs:p:") ends the program on these arguments (POSIX getopt as glibc's: options
    /// permuted before other words, clustered letters, a value from the rest of the word or the next word, <c>--</c> the
    /// end); null where it starts.</summary>
    internal static string? FcgiwrapRefuses(IReadOnlyList<string> words)
    {
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (word == "--")
            {
                return null;
            }

            if (word.Length < 2 || word[0] != '-')
            {
                continue;
            }

            for (var at = 1; at < word.Length; at++)
            {
                var letter = word[at];
                if (letter is 'c' or 's' or 'p')
                {
                    if (at + 1 < word.Length)
                    {
                        break; // the rest of the word is the value
                    }

                    if (i + 1 >= words.Count)
                    {
                        return $"is given -{letter} without a value (\"Option -{letter} requires an argument\", exit 1)";
                    }

                    i++;
                    break;
                }

                if (letter == 'h')
                {
                    return "is given -h: it prints its usage and exits";
                }

                if (letter != 'f')
                {
                    return $"is given the option character '{letter}' in '{word}', which it does not have (\"Unknown option\", exit 1)";
                }
            }
        }

        return null;
    }

    /// <summary>gunicorn run by the unit itself (no shell, no wrapper) with a <c>--bind</c> whose port, once systemd has
    /// expanded the word, gunicorn refuses.</summary>
    private static Failure? RefusedBind(HostModel host, ServiceBackEnd service)
    {
        if (service.Server is not { Program: "gunicorn" } || service.ExecStart is not { } execStart
            || StartCommands.LineOf(host, service.Unit, execStart) is not { Commands.Count: 1, Error: null } parsed
            || parsed.Commands[0] is not { } command || AppServer.Canonical(command.ProgramName) != "gunicorn" || command.Prefixes.HasFlag(SystemdExecPrefixes.NoEnvironmentExpansion))
        {
            return null;
        }

        var environment = service.Environment;
        var complete = EnvironmentKnown(host, service, out var emptied);
        foreach (var word in command.OptionValues("--bind", "-b"))
        {
            var value = UnitSpecifiers.Expand(word.Value, service.UnitName, out var specifiers);
            if (!specifiers || EnvironmentVariables.WholeWord(value) is not null || value.StartsWith("unix:", StringComparison.Ordinal) || value.StartsWith("fd://", StringComparison.Ordinal))
            {
                continue;
            }

            // systemd's reading of the word: ${NAME} replaced (empty where unset), a bare $NAME kept.
            var unset = new List<string>();
            var commented = new List<string>();
            var expanded = Braced(value, name =>
            {
                if (environment.TryGetValue(name, out var found))
                {
                    if (found.Contains('#', StringComparison.Ordinal))
                    {
                        commented.Add(name);
                    }

                    return found;
                }

                unset.Add(name);
                return complete ? string.Empty : null;
            });
            if (expanded is null || GunicornRefusedPort(expanded) is not { } port)
            {
                continue;
            }

            var bare = BareVariables(expanded);
            var at = new RelatedLocation(execStart.Location, $"ExecStart= gives gunicorn --bind {word.Value}");
            string why;
            string advice;
            Endpoint? intended = null;
            if (bare.Count > 0)
            {
                why = $"systemd replaces $NAME only where it is a word of its own, and ${{NAME}} anywhere (systemd.service(5), \"Command lines\"), so gunicorn in {service.UnitName} is given --bind '{expanded}' as written";
                advice = $"Write the variables braced in ExecStart=: --bind {BraceBare(word.Value)}, then run systemctl daemon-reload and restart {service.UnitName}";
                var meant = Braced(BraceBare(value), name => environment.TryGetValue(name, out var found) ? found : null);
                intended = meant is null ? null : AppServer.ParseAddress(meant);
            }
            else if (commented.Count > 0)
            {
                var name = commented[0];
                why = $"systemd's environment files keep what follows '=' in the value, '#' and all (only a line that starts with # or ; is a comment), so {name} is '{environment[name]}' and gunicorn in {service.UnitName} is given --bind '{expanded}'";
                advice = $"Remove the inline comment from {name}'s line (put it on a line of its own), then restart {service.UnitName}";
                if (EnvironmentLine(host, service, name) is { } line)
                {
                    at = new RelatedLocation(line, $"{name}={environment[name]}: the comment is part of the value");
                }

                var meant = Braced(value, n => environment.TryGetValue(n, out var found) ? StripComment(found) : null);
                intended = meant is null ? null : AppServer.ParseAddress(meant);
            }
            else if (unset.Count > 0 && emptied is { } file)
            {
                why = $"EnvironmentFile={file.Value.Trim()} is not there (its '-' lets the service start without it), so {string.Join(" and ", unset.Distinct().Select(n => "${" + n + "}"))} {(unset.Distinct().Count() == 1 ? "is" : "are")} empty and gunicorn in {service.UnitName} is given --bind '{expanded}'";
                advice = $"Point EnvironmentFile= at the file that sets {string.Join(", ", unset.Distinct())} (or create it), then run systemctl daemon-reload and restart {service.UnitName}";
                at = new RelatedLocation(file.Location, $"EnvironmentFile={file.Value.Trim()}: the file is not there");
            }
            else
            {
                continue;
            }

            return new Failure(service, $"{why}: gunicorn refuses the address ('{port}' is not a valid port number: util.py's parse_address) and exits, so {service.UnitName} never listens", at, intended, advice, null);
        }

        return null;
    }

    /// <summary>The line of the unit's environment files that sets <paramref name="name"/> last (the files are read in
    /// order, a later line winning); null where none does.</summary>
    private static Location? EnvironmentLine(HostModel host, ServiceBackEnd service, string name)
    {
        Location? at = null;
        foreach (var entry in service.Unit.Effective("Service", "EnvironmentFile"))
        {
            var path = UnitSpecifiers.Expand(entry.Value.Trim().TrimStart('-'), service.UnitName, out _);
            if (!path.StartsWith('/') || SecretPaths.IsSecret(path) || host.Files.Read(path) is not { } source)
            {
                continue;
            }

            for (var number = 1; number <= source.LineCount; number++)
            {
                var span = source.GetLineSpan(number);
                var line = source.Text.AsSpan(span.Start, span.Length);
                var trimmed = line.Trim();
                if (trimmed.StartsWith(name + "=", StringComparison.Ordinal) || trimmed.StartsWith("export " + name + "=", StringComparison.Ordinal))
                {
                    at = HostFiles.At(source, span.Start + (line.Length - line.TrimStart().Length), trimmed.Length);
                }
            }
        }

        return at;
    }

    /// <summary>Whether the unit's environment is all the program is given: no <c>PassEnvironment=</c>, every
    /// <c>EnvironmentFile=</c> read, or written with <c>-</c> and not there while the root holds its folder (then it sets
    /// nothing: <paramref name="emptied"/> is the first such entry).</summary>
    private static bool EnvironmentKnown(HostModel host, ServiceBackEnd service, out SystemdEntry? emptied)
    {
        emptied = null;
        if (service.Unit.GetAll("Service", "PassEnvironment").Any(p => p.Trim().Length > 0) || SystemdBackEnds.ManagerEnvironment(host))
        {
            return false;
        }

        var files = host.Files.FileSystem;
        foreach (var entry in service.Unit.Effective("Service", "EnvironmentFile"))
        {
            var written = entry.Value.Trim();
            var optional = written.StartsWith('-');
            var path = UnitSpecifiers.Expand(written.TrimStart('-'), service.UnitName, out var complete);
            if (!complete || !path.StartsWith('/') || SecretPaths.IsSecret(path) || SecretPaths.IsUnreadable(path))
            {
                return false;
            }

            if (files.FileExists(path))
            {
                continue;
            }

            var folder = path[..Math.Max(1, path.LastIndexOf('/'))];
            if (!optional || !files.DirectoryExists(folder) || RuntimeFolders.Any(r => path.StartsWith(r, StringComparison.Ordinal))
                || MayMake(host, service.Unit, path, service) || UnreadMayMake(host, path))
            {
                return false;
            }

            emptied ??= entry;
        }

        return true;
    }

    /// <summary><paramref name="value"/> with each <c>${NAME}</c> replaced; null where a value is not known.</summary>
    private static string? Braced(string value, Func<string, string?> lookup)
    {
        var text = new System.Text.StringBuilder();
        var i = 0;
        while (i < value.Length)
        {
            var open = value.IndexOf("${", i, StringComparison.Ordinal);
            if (open < 0)
            {
                text.Append(value, i, value.Length - i);
                break;
            }

            var close = value.IndexOf('}', open + 2);
            if (close < 0 || !IsName(value.AsSpan(open + 2, close - open - 2)))
            {
                return null;
            }

            text.Append(value, i, open - i);
            if (lookup(value[(open + 2)..close]) is not { } found)
            {
                return null;
            }

            text.Append(found);
            i = close + 1;
        }

        return text.ToString();
    }

    /// <summary>The bare <c>$NAME</c>s of a word (those systemd keeps inside a longer word).</summary>
    private static List<string> BareVariables(string value)
    {
        var names = new List<string>();
        for (var i = 0; i < value.Length - 1; i++)
        {
            if (value[i] == '$' && (char.IsAsciiLetter(value[i + 1]) || value[i + 1] == '_'))
            {
                var end = i + 1;
                while (end < value.Length && (char.IsAsciiLetterOrDigit(value[end]) || value[end] == '_'))
                {
                    end++;
                }

                names.Add(value[(i + 1)..end]);
                i = end - 1;
            }
        }

        return names;
    }

    /// <summary>The word with each bare <c>$NAME</c> braced.</summary>
    private static string BraceBare(string value)
    {
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '$' && i + 1 < value.Length && (char.IsAsciiLetter(value[i + 1]) || value[i + 1] == '_'))
            {
                var end = i + 1;
                while (end < value.Length && (char.IsAsciiLetterOrDigit(value[end]) || value[end] == '_'))
                {
                    end++;
                }

                text.Append("${").Append(value, i + 1, end - i - 1).Append('}');
                i = end - 1;
            }
            else
            {
                text.Append(value[i]);
            }
        }

        return text.ToString();
    }

    private static string StripComment(string value) =>
        value.IndexOf('#', StringComparison.Ordinal) is var hash and >= 0 ? value[..hash].TrimEnd() : value;

    private static bool IsName(ReadOnlySpan<char> name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The port gunicorn's parse_address refuses in a TCP bind (<c>tcp://</c> removed; <c>[v6]:port</c>;
    /// <c>host:port</c>, the first two parts of a split at ':'; a bare host takes the default port), as Python's
    /// <c>int()</c> reads it (blanks around it allowed, a sign, digits with single underscores between); null where it
    /// takes the port.</summary>
    internal static string? GunicornRefusedPort(string netloc)
    {
        if (netloc.StartsWith("tcp://", StringComparison.Ordinal))
        {
            netloc = netloc[6..];
        }

        string port;
        if (netloc.Contains('[') && netloc.Contains(']'))
        {
            var parts = netloc.Split("]:");
            port = parts.Length > 1 ? parts[1] : "8000";
        }
        else if (netloc.Contains(':'))
        {
            port = netloc.Split(':')[1];
        }
        else
        {
            return null;
        }

        return PythonInt(port) ? null : port;
    }

    private static bool PythonInt(string text)
    {
        var value = text.Trim();
        if (value.Length > 0 && value[0] is '+' or '-')
        {
            value = value[1..];
        }

        if (value.Length == 0 || !char.IsAsciiDigit(value[0]) || !char.IsAsciiDigit(value[^1]))
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (!char.IsAsciiDigit(value[i]) && !(value[i] == '_' && char.IsAsciiDigit(value[i - 1]) && char.IsAsciiDigit(value[i + 1])))
            {
                return false;
            }
        }

        return true;
    }
}
