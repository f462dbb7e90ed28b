using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.PhpFpm;
using ConfLint.Host.Supervisor;
using ConfLint.Host.Systemd;
using ConfLint.Host.Systemd.AppServers;
using ConfLint.Syntax.Systemd;
using ConfLint.Workspace.Systemd;

namespace ConfLint.Rules.Support;

/// <summary>
/// Back ends that cannot create their Unix socket, or cannot start as the user they are given, as the configuration
/// proves (<see cref="StartFailures"/> reports them):
/// <list type="bullet">
/// <item>the user the program binds as is not root, and the socket's folder is one it may not create a file in: bind(2)
/// fails with EACCES and the program exits (gunicorn's sock.py create_sockets: "Can't connect to ..."; uWSGI's socket.c
/// "bind(): Permission denied"; php-fpm's fpm_sockets.c "unable to bind listening socket", then "FPM initialization
/// failed"). The folders judged are those whose owner and mode the configuration fixes at every boot: <c>/run</c> itself
/// (<c>/var/run</c> its link), the tmpfs systemd mounts owned by root with mode 0755 (mount-setup.c); a folder below it a
/// tmpfiles.d <c>d</c> or <c>D</c> line makes (tmpfiles.d(5): the line's mode, user and group, <c>-</c> or none giving
/// 0755 and root, the user systemd-tmpfiles runs as at boot); a folder a unit's <c>RuntimeDirectory=</c> makes (owned by
/// that unit's <c>User=</c> and <c>Group=</c>, mode <c>RuntimeDirectoryMode=</c>, 0755 by default:
/// <see cref="UnitFolders"/>). Creating a file needs write and search (w and x) on the folder: the owner's bits for its
/// owner, the group's for a member of its group (the process's group, or a supplementary group the root's /etc/group
/// lists), the others' else. A folder the root merely holds is not judged: a copy of the files keeps no owners, and a
/// checkout no modes.</item>
/// <item>uWSGI run unprivileged while its <c>uid</c> or <c>gid</c> is the number of another account: core/utils.c's
/// uwsgi_as_root, its <c>nonroot:</c> branch, logs "cannot setgid() as non-root user" (or setuid) and exits 1 when the
/// number differs from the process's own (an equal one is fine). A name is no such number: core/uwsgi.c's
/// uwsgi_opt_set_uid (uwsgi_opt_set_gid) sets <c>uwsgi.uid</c> only for a value is_a_number takes (digits only) and keeps
/// a name in <c>uwsgi.uidname</c>, which only the root branch of uwsgi_as_root looks up (getpwnam), so an unprivileged
/// uWSGI ignores <c>uid = www-data</c> and runs on as its own user (seen with Debian's uWSGI 2.0.21 run as nobody: it
/// bound its socket as nobody:nogroup; <c>uid = 33</c> exited 1). A number once set stays: a later name does not clear
/// it (the name is kept only while the number is 0), and 0 is no number to that check.</item>
/// </list>
/// The user at bind time: gunicorn's arbiter binds its sockets before anything switches users (its <c>--user</c> and
/// <c>--group</c> are taken by the workers, workers/base.py's init_process), so it binds as the process's user; uWSGI
/// started as root drops to <c>uid</c>/<c>gid</c> "as early as possible", before uwsgi_bind_sockets (core/uwsgi.c), unless
/// <c>chown-socket</c>, <c>master-as-root</c>, <c>drop-after-init</c> or <c>drop-after-apps</c> delays the drop (it then
/// binds as root), and without <c>gid</c> keeps root's group; started as anyone else it stays that user or exits; the
/// PHP-FPM master binds as the user it runs as. The process's user is its unit's <c>User=</c> (root without one), or a
/// supervisord program's <c>user=</c> (supervisord's options.py drop_privileges: the program runs as that user or, where
/// supervisord cannot switch to it, not at all), else supervisord's own. Evidence before verdict: a user the root does not
/// show (supervisord's own, unknown; an account the files do not name), a command run through a wrapper or script, a
/// container (no systemd makes /run there), a folder made twice or adjusted by another line or by a command not read
/// (<see cref="FolderCommands"/> reads mkdir, chown, chgrp, chmod, install -d and pid files; every owner and mode they
/// may give the folder is judged): not judged.
/// </summary>
internal static class SocketCreation
{
    /// <summary>Who binds the socket, as said in messages, and the group the process has then (null: not known).</summary>
    private sealed record Binder(string User, string? Group, string How);

    /// <summary>A folder's owner, group and mode as the configuration fixes them at every boot: <paramref name="AtBoot"/>
    /// where a tmpfiles.d line makes it (before any unit starts), <paramref name="Unit"/> the unit whose
    /// <c>RuntimeDirectory=</c> makes it; <see cref="Later"/> the other owners, groups and modes a unit's commands give it
    /// afterwards (<see cref="FolderCommands"/>), in no known order.</summary>
    private sealed record FolderOwner(string Owner, string? Group, int Mode, string Says, RelatedLocation? Maker, bool AtBoot = false, MergedUnit? Unit = null)
    {
        public IReadOnlyList<FolderOwner> Later { get; init; } = [];

        /// <summary>Every owner, group and mode the folder may have: the one at boot, then the later ones.</summary>
        public IEnumerable<FolderOwner> States => Later.Prepend(this);
    }

    private static readonly string[] LateDrops = ["chown-socket", "master-as-root", "drop-after-init", "drop-after-apps"];

    /// <summary>Why <paramref name="backEnd"/> cannot listen at <paramref name="endpoint"/>: it cannot take the account its
    /// uwsgi options name, or cannot create the socket there; null where the configuration does not prove it.</summary>
    public static StartFailures.Failure? Of(HostModel host, BackEnd backEnd, Endpoint endpoint)
    {
        if (IsContainer(host))
        {
            return null;
        }

        if (host.Shared("SocketCreation.WrongAccount", backEnd, () => WrongAccount(host, backEnd)) is { } wrong)
        {
            return wrong;
        }

        foreach (var listener in backEnd.Listeners)
        {
            if (listener.Endpoint.Accepts(endpoint) && host.Shared("SocketCreation.Denied", listener, () => Denied(host, backEnd, listener)) is { } denied)
            {
                return denied;
            }
        }

        return null;
    }

    /// <summary>A container's root: no systemd mounts /run or runs tmpfiles.d there.</summary>
    internal static bool IsContainer(HostModel host) => host.InitProcess is { Name: not "systemd" };

    /// <summary>The process that runs <paramref name="backEnd"/>'s server, with its program: a systemd service whose
    /// <c>ExecStart=</c> is the server itself, or a supervisord program's; null for another kind or a wrapper.</summary>
    private static (AppServer Server, RunAs? Starter, string? Unit)? Process(HostModel host, BackEnd backEnd)
    {
        if (backEnd is ServiceBackEnd { IsSocketActivated: false, Server: { } server, ExecStart: { } execStart } service)
        {
            if (StartCommands.LineOf(host, service.Unit, execStart) is not { Commands.Count: 1, Error: null } parsed
                || AppServer.Canonical(parsed.Commands[0].ProgramName) != server.Program)
            {
                return null;
            }

            return (server, host.IdentityOf(service), service.UnitName);
        }

        if (backEnd is SupervisorBackEnd { Server: { } run, OwnSocket: false } program && AppServer.Canonical(run.Command.ProgramName) == run.Program)
        {
            // A user= is the program's user whoever supervisord is: it switches to it, or (unprivileged and someone else)
            // does not start the program at all (options.py, drop_privileges: "Can't drop privilege as nonroot user").
            var starter = SupervisorBackEnds.Master(host, program.Program, program.Section);
            var named = program.Section.Find("user")?.Value.Trim() is { Length: > 0 } user
                ? new RunAs(user, host.Accounts.PrimaryGroup(user), $"user={user} of {program.Describe()}", true)
                : null;
            return (run, named ?? (starter.Proven ? starter : null), null);
        }

        return null;
    }

    /// <summary>uWSGI run unprivileged whose <c>gid</c> or <c>uid</c> is the number of another account than the process's
    /// own (<see cref="NumericId"/>); a name is ignored by an unprivileged uWSGI.</summary>
    private static StartFailures.Failure? WrongAccount(HostModel host, BackEnd backEnd)
    {
        if (Process(host, backEnd) is not ({ Program: "uwsgi", UwsgiOptions: { } options }, { IsRoot: false } starter, var unit))
        {
            return null;
        }

        var accounts = host.Accounts;
        var gid = NumericId(options.All("gid"));
        var uid = NumericId(options.All("uid"));
        string? refused = null;
        UwsgiOptions.Value? at = null;
        var option = "gid";
        if (gid is { } g && starter.Group is { } own && (starter.Group.All(char.IsAsciiDigit) ? starter.Group != g.Number : accounts.GroupName(g.Number) is { } group && group != own))
        {
            refused = $"gid = {g.Value.Raw} is the number of {(accounts.GroupName(g.Number) is { } named ? $"the group '{named}'" : "another group")}, and the process's group is '{own}': uwsgi logs \"cannot setgid() as non-root user\" and exits 1";
            at = g.Value;
        }
        else if (uid is { } u && (starter.User.All(char.IsAsciiDigit) ? starter.User != u.Number : accounts.UserName(u.Number) is { } user && user != starter.User))
        {
            refused = $"uid = {u.Value.Raw} is the number of {(accounts.UserName(u.Number) is { } named ? $"the user '{named}'" : "another user")}: uwsgi logs \"cannot setuid() as non-root user\" and exits 1";
            at = u.Value;
            option = "uid";
        }

        if (refused is null || at?.Location is not { } location)
        {
            return null;
        }

        var by = unit ?? backEnd.Describe();
        var why = $"uwsgi runs as '{starter.User}' ({starter.Source}), not root, so it cannot switch accounts; {refused} (core/utils.c, uwsgi_as_root: an unprivileged uwsgi compares a numeric uid and gid with its own; a name it would look up only as root), and every restart of {by} fails the same way";
        var advice = $"Let the accounts agree: remove uid and gid from uwsgi's options (it already runs as '{starter.User}'), or start uwsgi as root ({(unit is null ? "remove user= from the program" : $"remove User= from {unit}")}) so that it drops to '{at.Text}' itself";
        return new StartFailures.Failure(backEnd, why, new RelatedLocation(location, $"{option} = {at.Raw}: another account's number than the process's"), backEnd.Listeners.Count == 1 ? backEnd.Listeners[0].Endpoint : null, advice, null);
    }

    /// <summary>The number uWSGI holds for its <c>uid</c> (or <c>gid</c>) after reading <paramref name="values"/> in order,
    /// as core/uwsgi.c's uwsgi_opt_set_uid does: a value of digits only (is_a_number) sets it, a name leaves it as it is; the
    /// value that set it last, with the number as written (leading zeros dropped). Null where none is set, where the last
    /// number is 0 (an empty value too: the nonroot check skips a zero id), or where a value is not known (it may be a
    /// number).</summary>
    private static (UwsgiOptions.Value Value, string Number)? NumericId(IReadOnlyList<UwsgiOptions.Value> values)
    {
        (UwsgiOptions.Value Value, string Number)? set = null;
        foreach (var value in values)
        {
            if (value.Text?.Trim() is not { } text || value.Why is not null)
            {
                return null;
            }

            if (!text.All(char.IsAsciiDigit))
            {
                continue;
            }

            if (text.Length > 9)
            {
                // atoi of a number beyond an int: not judged.
                return null;
            }

            // An empty value is a number too (atoi gives 0), and 0 clears the one before.
            var number = text.TrimStart('0');
            set = number.Length == 0 ? null : (value, number);
        }

        return set;
    }

    /// <summary>A Unix socket the binding user may not create in its folder.</summary>
    private static StartFailures.Failure? Denied(HostModel host, BackEnd backEnd, EndpointSite listener)
    {
        if (listener.Endpoint is not { Kind: EndpointKind.Unix, Path: { } written } || !written.StartsWith('/') || written.Contains("/../", StringComparison.Ordinal)
            || written.Contains("/./", StringComparison.Ordinal))
        {
            return null;
        }

        var path = Endpoint.CanonicalizeRunPath(written);
        var folder = SocketFolders.FolderOf(path);
        if (folder != "/run" && !folder.StartsWith("/run/", StringComparison.Ordinal))
        {
            return null;
        }

        if (BindsAs(host, backEnd) is not { } binder || binder.User is "root" or "0")
        {
            return null;
        }

        var service = host.ServiceOf(backEnd);
        // Denied only where no owner and mode the folder may have lets the binder in.
        if (OwnerOf(host, service, folder, path) is not { } owner || owner.States.Any(s => CanCreate(host.Accounts, binder, s) is not false))
        {
            return null;
        }

        var program = backEnd is FpmPool ? "php-fpm" : host.AppServerOf(backEnd)?.Program ?? backEnd.Describe();
        var exits = program switch
        {
            "gunicorn" => $"gunicorn logs \"Can't connect to {written}\" and exits (sock.py, create_sockets)",
            "uwsgi" => "uwsgi logs \"bind(): Permission denied\" and exits (core/socket.c)",
            "php-fpm" => $"php-fpm logs \"unable to bind listening socket for address '{written}': Permission denied\", then \"FPM initialization failed\" (fpm_sockets.c), and every pool of that master is down",
            _ => $"{program} exits",
        };
        var unit = service?.UnitName ?? (host.SupervisorOf(backEnd) ?? backEnd as SupervisorBackEnd)?.Describe() ?? backEnd.Describe();
        var mode = Convert.ToString(owner.Mode, 8).PadLeft(4, '0');
        var why = $"{backEnd.Describe()} binds {written} as '{binder.User}' ({binder.How}), and {folder} is {owner.Owner}:{owner.Group ?? "?"} {mode} ({owner.Says}{string.Concat(owner.Later.Select(l => "; " + l.Says))}): '{binder.User}' may not create a file there, so bind fails with EACCES (Permission denied), {exits}, and every restart of {unit} fails the same way";
        var advice = Advice(program, binder, folder, owner, service, backEnd is SupervisorBackEnd supervised ? supervised.Program : "app");
        return new StartFailures.Failure(backEnd, why, new RelatedLocation(listener.Location, $"binds the socket here as '{binder.User}'"), listener.Endpoint, advice, null, Maker: owner.Maker);
    }

    /// <summary>The remedies, for the program and the folder's maker.</summary>
    private static string Advice(string program, Binder binder, string folder, FolderOwner owner, ServiceBackEnd? service, string programName)
    {
        var name = program == "php-fpm" ? "php-fpm" : service?.UnitName.Replace(".service", string.Empty, StringComparison.Ordinal) ?? programName;
        var tmpfiles = $"a tmpfiles.d line 'd /run/{name} 0755 {binder.User} {binder.Group ?? binder.User} -'";
        var own = owner.Maker is null
            ? $"bind in a folder '{binder.User}' owns, made at each boot ({(service is null ? tmpfiles : $"RuntimeDirectory={name} in {service.UnitName}, or {tmpfiles}")}), and point the front end there"
            : $"make {folder} '{binder.User}''s ({(owner.Says.StartsWith("RuntimeDirectory", StringComparison.Ordinal) ? "User= of the unit that makes it" : $"the tmpfiles.d line's user and group: 'd {folder} 0755 {binder.User} {binder.Group ?? binder.User} -'")}), or bind elsewhere";
        return program switch
        {
            "uwsgi" => $"Let uwsgi bind as root and give the socket away afterwards (chown-socket = {binder.User}:GROUP, with the web server in GROUP), or {own}",
            "gunicorn" => $"Let systemd create the socket (a socket unit with ListenStream={folder}/..., gunicorn started by it), or {own}",
            _ => $"{char.ToUpperInvariant(own[0])}{own[1..]}",
        };
    }

    /// <summary>Who binds the back end's sockets; null where that is not known.</summary>
    private static Binder? BindsAs(HostModel host, BackEnd backEnd)
    {
        if (backEnd is FpmPool pool)
        {
            // The master binds every pool's socket as the user it runs as.
            var master = pool.Install.Master;
            return master.Proven ? new Binder(master.User, master.Group, $"the php-fpm master's user: {master.Source}") : null;
        }

        if (Process(host, backEnd) is not var (server, starter, _))
        {
            return null;
        }

        if (server.Program == "gunicorn")
        {
            // The arbiter binds before any --user switch: only the workers take it.
            return starter is null ? null : new Binder(starter.User, starter.Group, $"{starter.Source}; gunicorn's arbiter binds before any --user switch, which only its workers take");
        }

        if (server.Program != "uwsgi" || server.UwsgiOptions is not { } options || options.Last("immediate-uid", "immediate-gid") is not null)
        {
            return null;
        }

        var late = false;
        foreach (var flag in LateDrops)
        {
            if (options.Last(flag) is { } set)
            {
                if (set.Text is null)
                {
                    return null;
                }

                late |= flag == "chown-socket" || set.Text.ToLowerInvariant() is not ("false" or "off" or "no" or "0");
            }
        }

        if (starter is { IsRoot: false })
        {
            // Unprivileged: it binds as itself (an account it cannot take is WrongAccount's).
            return new Binder(starter.User, starter.Group, $"uwsgi runs as '{starter.User}': {starter.Source}");
        }

        var uid = options.Last("uid");
        if (late || uid is null)
        {
            // Started as root it binds as root; by an unknown user, as that user.
            return starter is null ? null : new Binder("root", "root", starter.Source);
        }

        var accounts = host.Accounts;
        if (Resolve(uid, accounts.UserName, accounts.HasUser) is not { } user || accounts.HasUser(user) is not true)
        {
            return null;
        }

        // Without gid, setgid is not called: root's group (or, started unprivileged, the process's own: not known).
        var gid = options.Last("gid");
        var group = gid is not null ? Resolve(gid, accounts.GroupName, accounts.HasGroup) : starter is null ? null : "root";
        if (gid is not null && group is null)
        {
            return null;
        }

        var how = starter is null
            ? $"uid = {uid.Raw} without chown-socket: started as root, uwsgi drops to it before binding (core/uwsgi.c); started as anyone else, it is that user or exits before binding"
            : $"{starter.Source}; uid = {uid.Raw} without chown-socket, master-as-root or drop-after-*: uwsgi drops root privileges before it binds (core/uwsgi.c)";
        return new Binder(user, group, how);
    }

    /// <summary>A folder on the way to a socket whose owner and mode the configuration fixes at every boot, as the
    /// connecting side sees it: its owner, group, mode, how it comes about, and the line that makes it; whether a tmpfiles.d
    /// line makes it (<paramref name="AtBoot"/>: before any unit starts, sockets.target's too); <see cref="Later"/> the
    /// owners, groups and modes a unit's commands may give it afterwards (each with the command's line as its Maker).</summary>
    internal sealed record FixedFolder(string Path, string Owner, string? Group, int Mode, string Says, RelatedLocation Maker, bool AtBoot = false)
    {
        public IReadOnlyList<FixedFolder> Later { get; init; } = [];
    }

    /// <summary>The folders below <c>/run</c> on the way to <paramref name="socketPath"/> whose owner and mode the
    /// configuration fixes at every boot (a tmpfiles.d <c>d</c>/<c>D</c> line, a unit's <c>RuntimeDirectory=</c>), read as
    /// for the binding side (<see cref="OwnerOf"/>: a folder a unit may make or change, or made twice, is left out);
    /// <c>/run</c> itself (0755) lets everyone pass. None in a container, where no systemd makes /run.</summary>
    public static IReadOnlyList<FixedFolder> FoldersOnTheWay(HostModel host, ServiceBackEnd? service, string socketPath)
    {
        var folders = new List<FixedFolder>();
        var path = Endpoint.CanonicalizeRunPath(socketPath);
        if (IsContainer(host) || !path.StartsWith("/run/", StringComparison.Ordinal) || path.Contains("/../", StringComparison.Ordinal) || path.Contains("/./", StringComparison.Ordinal))
        {
            return folders;
        }

        for (var end = path.IndexOf('/', "/run/".Length); end > 0; end = path.IndexOf('/', end + 1))
        {
            var folder = path[..end];
            if (MayBeFixed(host, folder) && OwnerOf(host, service, folder, path) is { Maker: { } maker } owner)
            {
                folders.Add(new FixedFolder(folder, owner.Owner, owner.Group, owner.Mode, owner.Says, maker, owner.AtBoot)
                {
                    Later = owner.Later.Select(l => new FixedFolder(folder, l.Owner, l.Group, l.Mode, l.Says, l.Maker!)).ToList(),
                });
            }
        }

        return folders;
    }

    /// <summary>
    /// The folders below <c>/run</c> on the way to a socket unit's socket that only the socket unit makes, where its
    /// <c>DirectoryMode=</c> is written: systemd makes the missing parents of a file-system socket as root, with that mode
    /// (systemd.socket(5): "DirectoryMode= If listening on a file system socket or FIFO, the parent directories are
    /// automatically created if needed. This option specifies the file system access mode used when creating these
    /// directories. Takes an access mode in octal notation. Defaults to 0755"; socket.c, mkdir_parents_label). /run is a
    /// tmpfs, empty at every boot, so such a folder is the socket unit's whenever nothing else makes it: no tmpfiles.d
    /// line, no unit's <c>RuntimeDirectory=</c>, no command or script that names it, and the root does not hold it. The
    /// activated service's commands run later and may change it (<see cref="FolderCommands"/>: more states; unread: none
    /// judged). None in a container, nor where <c>DirectoryMode=</c> is not an octal mode.
    /// </summary>
    public static IReadOnlyList<FixedFolder> MadeBySocketUnit(HostModel host, Host.Systemd.SocketBackEnd socket, string socketPath)
    {
        var folders = new List<FixedFolder>();
        var path = Endpoint.CanonicalizeRunPath(socketPath);
        if (socket.Unit.EffectiveEntry("Socket", "DirectoryMode") is not { } entry || IsContainer(host) || !path.StartsWith("/run/", StringComparison.Ordinal)
            || path.Contains("/../", StringComparison.Ordinal) || path.Contains("/./", StringComparison.Ordinal))
        {
            return folders;
        }

        var text = entry.Value.Trim();
        if (FolderCommands.Octal(text) is not { } mode)
        {
            return folders;
        }

        for (var end = path.IndexOf('/', "/run/".Length); end > 0; end = path.IndexOf('/', end + 1))
        {
            var folder = path[..end];
            if (MayBeFixed(host, folder) || host.Files.FileSystem.DirectoryExists(folder) || StartFailures.UnreadMayMake(host, folder)
                || host.ServiceUnits.Values.Any(u => !ReferenceEquals(u.Unit, socket.Service?.Unit) && StartFailures.MayMake(host, u.Unit, folder, null, socketPath)))
            {
                // Something else may make it, or it is there already: its owner and mode are not the socket unit's to say.
                return [];
            }

            // Another socket unit with a socket below it makes it too, with its own DirectoryMode= (0755 by default): which
            // starts first is not known, so unless both give it the same mode, neither is.
            foreach (var other in host.BackEndsOf<Host.Systemd.SocketBackEnd>())
            {
                if (!ReferenceEquals(other, socket) && other.Listeners.Any(l => l.Endpoint.Kind == EndpointKind.Unix && l.Endpoint.Path is { } p && Endpoint.CanonicalizeRunPath(p).StartsWith(folder + "/", StringComparison.Ordinal))
                    && (other.Unit.EffectiveEntry("Socket", "DirectoryMode")?.Value.Trim() ?? "0755") is var theirs
                    && FolderCommands.Octal(theirs) != mode)
                {
                    return [];
                }
            }

            var says = $"{socket.Unit.Name} makes it as root with DirectoryMode={text}";
            var maker = new RelatedLocation(entry.Location, $"DirectoryMode= makes {folder}, root's, mode {text}");
            var later = new List<FixedFolder>();
            if (socket.Service is { } service)
            {
                if (FolderCommands.Of(host, service.Unit, folder, service, socketPath, existsFirst: true) is not { } changes)
                {
                    return [];
                }

                var (user, group, now) = ("root", (string?)"root", mode);
                foreach (var change in changes)
                {
                    (user, group, now) = (change.Owner ?? user, change.Group ?? group, change.ModeAfter(now));
                    later.Add(new FixedFolder(folder, user, group, now, change.Says, change.At));
                }
            }

            folders.Add(new FixedFolder(folder, "root", "root", mode, says, maker, AtBoot: true) { Later = later });
        }

        return folders;
    }

    /// <summary>The folders below <c>/run</c> whose owner and mode something could fix at boot, for a quick test before
    /// <see cref="OwnerOf"/> (which walks every unit, and is asked for each socket of each back end): the targets of
    /// tmpfiles.d lines (Recursive: those of the types that reach the folders below them too) and the folders of units'
    /// <c>RuntimeDirectory=</c>; AnyName where a name keeps a specifier ConfLint does not expand.</summary>
    private sealed record FixableFolders(HashSet<string> Exact, List<string> Recursive, bool AnyName);

    /// <summary>Whether anything could fix <paramref name="folder"/>'s owner and mode at boot (<see cref="FixableFolders"/>,
    /// made once per host); where nothing could, <see cref="OwnerOf"/> finds no maker either.</summary>
    private static bool MayBeFixed(HostModel host, string folder)
    {
        var fixable = host.Shared("SocketCreation.FixableFolders", host, static h => Fixable((HostModel)h));
        if (fixable.AnyName || fixable.Exact.Contains(folder))
        {
            return true;
        }

        foreach (var above in fixable.Recursive)
        {
            if (folder.StartsWith(above + "/", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static FixableFolders Fixable(HostModel host)
    {
        var exact = new HashSet<string>(StringComparer.Ordinal);
        var recursive = new List<string>();
        var anyName = false;
        foreach (var (unit, _) in host.ServiceUnits.Values)
        {
            foreach (var (_, name, complete) in UnitFolders.Names(unit, "RuntimeDirectory"))
            {
                anyName |= !complete;
                exact.Add("/run/" + name);
            }
        }

        foreach (var line in TmpfilesLines(host))
        {
            exact.Add(line.Target);
            if (line.Recursive)
            {
                recursive.Add(line.Target);
            }
        }

        return new FixableFolders(exact, recursive, anyName);
    }

    /// <summary>The owner and mode the configuration fixes for <paramref name="folder"/> at every boot, with those the units'
    /// commands may give it later (<see cref="FolderCommands"/>: a <c>chown</c> to named values, an octal <c>chmod</c>;
    /// a <c>mkdir</c> of a folder that is there by then, a pid file in it: nothing); null where it fixes none, where it is
    /// made twice, or where something may change it in a way not read.</summary>
    private static FolderOwner? OwnerOf(HostModel host, ServiceBackEnd? service, string folder, string socketPath)
    {
        if (folder == "/run")
        {
            // Something that names the socket before the program starts may make it (a root ExecStartPre=).
            if (service is not null && StartFailures.MayMake(host, service.Unit, socketPath, service, socketPath))
            {
                return null;
            }

            return new FolderOwner("root", "root", 0b111_101_101, "systemd mounts /run as a tmpfs owned by root, mode 0755, at every boot", null);
        }

        if (StartFailures.UnreadMayMake(host, folder))
        {
            return null;
        }

        var made = new List<FolderOwner>();
        foreach (var (unit, _) in host.ServiceUnits.Values)
        {
            var folders = UnitFolders.Above(unit, socketPath, host.Accounts, out var unjudged);
            foreach (var folderMade in folders)
            {
                if (folderMade.Path == folder)
                {
                    if (folderMade.Dynamic || folderMade.Key != "RuntimeDirectory")
                    {
                        return null;
                    }

                    made.Add(new FolderOwner(folderMade.Owner, folderMade.Group, folderMade.Mode, $"{folderMade.Says} of {unit.Name}, owned by {folderMade.OwnerSource}",
                        new RelatedLocation(folderMade.Directory.Location, $"{folderMade.Key}= makes {folder}, {folderMade.Owner}'s"), Unit: unit));
                }
            }

            if (unjudged is not null)
            {
                return null;
            }
        }

        if (!Tmpfiles(host, folder, made) || made.Count != 1)
        {
            return null;
        }

        // What the units' commands do to it afterwards: each unit's, in order, from the owner at boot (the units' own
        // order is not known, so each is another owner and mode the folder may have).
        var owner = made[0];
        var later = new List<FolderOwner>();
        foreach (var (unit, _) in host.ServiceUnits.Values)
        {
            // A tmpfiles.d folder is there before any unit starts; a RuntimeDirectory= one before its own unit's commands.
            var existsFirst = owner.AtBoot || ReferenceEquals(owner.Unit, unit);
            if (FolderCommands.Of(host, unit, folder, ReferenceEquals(unit, service?.Unit) ? service : null, socketPath, existsFirst) is not { } changes)
            {
                return null;
            }

            if (changes.Count == 0)
            {
                continue;
            }

            // Said: the commands that change something (a chown to the owner it has already changes nothing).
            var (user, group, mode) = (owner.Owner, owner.Group, owner.Mode);
            var changing = new List<FolderCommands.Change>();
            foreach (var change in changes)
            {
                var next = (change.Owner ?? user, change.Group ?? group, change.ModeAfter(mode));
                if (next != (user, group, mode))
                {
                    changing.Add(change);
                    (user, group, mode) = next;
                }
            }

            if ((user, group, mode) != (owner.Owner, owner.Group, owner.Mode))
            {
                var says = string.Join(", then ", changing.Select(c => c.Says));
                later.Add(new FolderOwner(user, group, mode, $"{says} makes it {user}:{group ?? "?"} {Convert.ToString(mode, 8).PadLeft(4, '0')}", changing[^1].At));
            }
        }

        return owner with { Later = later };
    }

    /// <summary>A tmpfiles.d line with at least a type and a path: its file, line, text, fields, the path (<c>%t</c> as
    /// <c>/run</c>, <c>/var/run</c> as <c>/run</c>) and whether its type also reaches the paths below it.</summary>
    private sealed record TmpfilesLine(string File, Text.SourceText Source, int Number, Text.TextSpan Span, string Text, string[] Fields, string Target, bool Recursive);

    /// <summary>The tmpfiles.d lines of the root, read once per host: every <c>.conf</c> file of the tmpfiles.d folders, a
    /// file of the same name in an earlier folder replacing a later one (tmpfiles.d(5)); comments left out.</summary>
    private static List<TmpfilesLine> TmpfilesLines(HostModel host) =>
        host.Shared("SocketCreation.TmpfilesLines", host, static h =>
        {
            var lines = new List<TmpfilesLine>();
            var files = h.Files.FileSystem;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var tmpfiles in SocketFolders.TmpfilesFolders)
            {
                foreach (var file in files.EnumerateEntries(tmpfiles))
                {
                    if (!file.EndsWith(".conf", StringComparison.Ordinal) || !seen.Add(Path.GetFileName(file)) || h.Files.Read(file) is not { } source)
                    {
                        continue;
                    }

                    for (var number = 1; number <= source.LineCount; number++)
                    {
                        var span = source.GetLineSpan(number);
                        var text = source.Text.Substring(span.Start, span.Length);
                        var fields = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                        if (fields.Length < 2 || fields[0].StartsWith('#'))
                        {
                            continue;
                        }

                        var target = Endpoint.CanonicalizeRunPath(fields[1].Trim('"').Replace("%t", "/run", StringComparison.Ordinal)).TrimEnd('/');
                        lines.Add(new TmpfilesLine(file, source, number, span, text, fields, target, fields[0][0] is 'Z' or 'A' or 'D' or 'R' or 'X'));
                    }
                }
            }

            return lines;
        });

    /// <summary>Adds the tmpfiles.d line that makes <paramref name="folder"/> to <paramref name="made"/>; false where a line
    /// makes it in a way not read here, or another line adjusts it (z, Z, a, A, or a line on it of a type not read).</summary>
    private static bool Tmpfiles(HostModel host, string folder, List<FolderOwner> made)
    {
        var files = host.Files.FileSystem;
        foreach (var (file, source, number, span, text, fields, target, recursive) in TmpfilesLines(host))
        {
            if (target != folder && !(recursive && folder.StartsWith(target + "/", StringComparison.Ordinal)))
            {
                continue;
            }

            if (target != folder)
            {
                if (fields[0][0] is 'Z' or 'A')
                {
                    return false;
                }

                continue;
            }

            if (fields[0][0] is not ('d' or 'D') || fields[0][1..].Any(c => c != '!' && c != '-'))
            {
                return false;
            }

            var mode = fields.Length > 2 ? fields[2] : "-";
            var user = fields.Length > 3 ? fields[3] : "-";
            var group = fields.Length > 4 ? fields[4] : "-";
            if (mode.StartsWith(':'))
            {
                mode = mode[1..];
            }

            int bits;
            if (mode == "-")
            {
                bits = 0b111_101_101;
            }
            else if (mode.Length is >= 3 and <= 4 && mode.All(c => c is >= '0' and <= '7'))
            {
                bits = Convert.ToInt32(mode, 8) & 0b111_111_111;
            }
            else
            {
                return false;
            }

            var owner = user == "-" ? "root" : user.All(char.IsAsciiDigit) ? host.Accounts.UserName(user) ?? (user == "0" ? "root" : null) : user;
            var ownerGroup = group == "-" ? "root" : group.All(char.IsAsciiDigit) ? host.Accounts.GroupName(group) ?? (group == "0" ? "root" : null) : group;
            if (owner is null || owner.Contains('%', StringComparison.Ordinal) || ownerGroup?.Contains('%', StringComparison.Ordinal) == true)
            {
                return false;
            }

            var at = HostFiles.At(source, span.Start + (text.Length - text.TrimStart().Length), text.Trim().Length);
            made.Add(new FolderOwner(owner, ownerGroup, bits, $"{files.DisplayPath(file)}:{number} makes it: '{text.Trim()}'{(mode == "-" || user == "-" ? " ('-' is 0755 and root, tmpfiles.d(5))" : string.Empty)}",
                new RelatedLocation(at, $"makes {folder}, {owner}:{ownerGroup ?? "?"} {Convert.ToString(bits, 8).PadLeft(4, '0')}"), AtBoot: true));
        }

        return true;
    }

    /// <summary>Whether <paramref name="binder"/> may create a file in the folder (w and x); null where its group
    /// membership decides and is not known.</summary>
    private static bool? CanCreate(HostAccounts accounts, Binder binder, FolderOwner owner) =>
        ModeClasses.Check(binder.User, binder.Group, owner.Owner, owner.Group, owner.Mode, ModeClasses.Write | ModeClasses.Search, accounts).Allowed;

    /// <summary>The account an option names (by name or number); null where the root does not show it.</summary>
    private static string? Resolve(UwsgiOptions.Value value, Func<string, string?> byId, Func<string, bool?> exists)
    {
        if (value.Text?.Trim() is not { Length: > 0 } text)
        {
            return null;
        }

        if (text.All(char.IsAsciiDigit))
        {
            return text == "0" ? "root" : byId(text);
        }

        return exists(text) is true ? text : null;
    }
}
