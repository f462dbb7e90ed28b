using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.PhpFpm;
using ConfLint.Host.Supervisor;
using ConfLint.Host.Systemd;
using ConfLint.Host.Systemd.AppServers;
using ConfLint.Rules.Support;
using ConfLint.Syntax.PhpFpm;
using ConfLint.Syntax.Systemd;
using ConfLint.Text;

namespace ConfLint.Rules;

public sealed class CL003FpmSocketPermissions : Rule
{
    private const int GroupWrite = 0b000_010_000;

    public override string Code => "CL003";

    public override IEnumerable<Diagnostic> Check(RuleContext context)
    {
        var host = context.Host;
        foreach (var pool in host.BackEndsOf<FpmPool>())
        {
            if (pool.Entry("listen") is not var (listenEntry, _) || pool.Listeners.FirstOrDefault(l => l.DefinedAt == listenEntry) is not { Endpoint.Kind: EndpointKind.Unix } listener)
            {
                continue;
            }

            // A socket a systemd socket unit creates is handed to php-fpm (FPM_SOCKETS): php-fpm neither creates nor chowns
            // it, so listen.owner/group/mode do not apply; SocketUser=, SocketGroup= and SocketMode= do.
            if (host.ServiceOf(pool) is { } runner && runner.Sockets.FirstOrDefault(s => s.Listeners.Any(l => l.Endpoint.CanonicalPath == listener.Endpoint.CanonicalPath)) is var inherited
                && (inherited is not null || (runner.Environment.TryGetValue("FPM_SOCKETS", out var handed) && handed.Split(',').Any(h => h.StartsWith(listener.Endpoint.Path + "=", StringComparison.Ordinal)))))
            {
                var by = inherited?.Name ?? $"FPM_SOCKETS of {runner.UnitName}";
                context.Notes.Add($"{pool.File.DisplayPath}: CL003 did not judge {pool.Describe()}: its socket is handed to php-fpm ({by}; systemd creates it with SocketUser=, SocketGroup=, SocketMode=), which inherits it without chown");
                continue;
            }

            if (UnprivilegedChown(pool, host) is { } refused)
            {
                yield return refused;
                continue;
            }

            // A master that never starts creates no socket: its start failure is the cause (FpmNeverStarts).
            if (FpmNeverStarts.Skips(context, pool, Code))
            {
                continue;
            }

            var reachedBy = host.ReachedBy(pool);
            if (reachedBy.Count == 0)
            {
                context.Notes.Add($"{pool.File.DisplayPath}: CL003 did not judge {pool.Describe()}: no front end of this host connects to its socket");
                continue;
            }

            if (!pool.ListenOwnershipKnown)
            {
                context.Notes.Add($"{pool.File.DisplayPath}: CL003 did not judge {pool.Describe()}: its socket belongs to whoever runs PHP-FPM, and the root does not show who does (no unit, no container process)");
                continue;
            }

            var identities = reachedBy.Select(f => f.Web).DistinctBy(w => (w.User, w.Group)).ToList();
            foreach (var web in identities)
            {
                var verdict = Judge(pool, web, host.Accounts);
                if (verdict is null)
                {
                    context.Notes.Add($"{pool.File.DisplayPath}: CL003 cannot tell whether '{web.User}' is in group '{pool.ListenGroup ?? "?"}' ({host.Accounts.WhyMembershipUnknown(web.User, pool.ListenGroup ?? "?")})");
                    continue;
                }

                if (verdict.Value.Allowed)
                {
                    continue;
                }

                if (web.BuildUnknown)
                {
                    context.Notes.Add($"{pool.File.DisplayPath}: CL003 did not judge {pool.Describe()}: nginx sets no 'user', so its workers run as its build's user ('{web.User}' for a build without --user; Arch's is http, nginx.org's, Fedora's and Alpine's nginx), and the root does not show which build it is ({web.WhyBuildUnknown})");
                    continue;
                }

                var related = new List<RelatedLocation>();
                if (web.DefinedAt is { } definedAt)
                {
                    related.Add(Related(definedAt, $"the web server's workers run as '{web.User}' ({web.Source})"));
                }

                related.AddRange(reachedBy.Take(3).Select(f => Related(f.Directive, $"{f.DirectiveName} connects to this socket")));
                var keys = pool.UsesAcl
                    ? new[] { "listen.acl_users", "listen.acl_groups", "listen.owner", "listen.group", "listen.mode" }
                    : ["listen.owner", "listen.group", "listen.mode", "user"];
                foreach (var key in keys)
                {
                    if (pool.Entry(key) is var (entry, _) && related.Count < 7)
                    {
                        var ignored = pool.UsesAcl && key is "listen.owner" or "listen.group" ? " (ignored: ACLs are set)" : string.Empty;
                        related.Add(Related(entry, $"{key} = {entry.Value}{ignored}"));
                    }
                }

                yield return Report(listener.Location,
                    $"{pool.Describe()} creates {listener.Endpoint.Path} as {Ownership(pool)} mode {pool.ListenMode}: " +
                    $"'{web.User}' ({web.Source}) {verdict.Value.Why}: connect() fails with (13: Permission denied) and a {ProxyStatus.Unreachable(reachedBy.Where(f => f.Web.User == web.User && f.Web.Group == web.Group))}",
                    related,
                    CreateFix(pool, web, host.Accounts, identities.Count == 1));
            }
        }

        foreach (var diagnostic in CheckUwsgi(context))
        {
            yield return diagnostic;
        }

        foreach (var diagnostic in CheckGunicorn(context))
        {
            yield return diagnostic;
        }

        foreach (var diagnostic in CheckPuma(context))
        {
            yield return diagnostic;
        }

        foreach (var diagnostic in CheckSpawnFcgi(context))
        {
            yield return diagnostic;
        }

        foreach (var diagnostic in CheckTomcat(context))
        {
            yield return diagnostic;
        }

        foreach (var diagnostic in CheckFolders(context))
        {
            yield return diagnostic;
        }

        foreach (var diagnostic in CheckSocketUnits(context))
        {
            yield return diagnostic;
        }
    }

    /// <summary>
    /// A socket unit's file-system sockets, made by systemd (socket.c): owned by <c>SocketUser=</c> and <c>SocketGroup=</c>
    /// (root's without them; a user without a group gives the user's own group), mode <c>SocketMode=</c> (0666 without
    /// it). connect() needs write permission on the socket (unix(7)): a web server's user outside them is refused (13:
    /// Permission denied), a 502, whatever program the socket starts (fcgiwrap's NEWS.Debian warns of it for 1.1.0-13).
    /// Advice only: the group to give is the operator's choice.
    /// </summary>
    private IEnumerable<Diagnostic> CheckSocketUnits(RuleContext context)
    {
        var host = context.Host;
        foreach (var socket in host.BackEndsOf<SocketBackEnd>())
        {
            var files = socket.Listeners.Where(l => l.Endpoint.Kind == EndpointKind.Unix && l.Endpoint.Path is { } path && path.StartsWith('/')).ToList();
            var reached = host.ReachedBy(socket)
                .Select(f => (FrontEnd: f, Socket: files.FirstOrDefault(s => f.Targets.Any(t => t.Endpoint.Kind == EndpointKind.Unix && t.Endpoint.CanonicalPath == s.Endpoint.CanonicalPath))))
                .Where(p => p.Socket is not null).Select(p => (p.FrontEnd, Socket: p.Socket!)).ToList();
            if (reached.Count == 0)
            {
                continue;
            }

            var where = socket.File.DisplayPath;
            var userEntry = socket.Unit.EffectiveEntry("Socket", "SocketUser");
            var groupEntry = socket.Unit.EffectiveEntry("Socket", "SocketGroup");
            var modeEntry = socket.Unit.EffectiveEntry("Socket", "SocketMode");
            var owner = userEntry?.Value.Trim() is { Length: > 0 } user ? user : "root";
            var group = groupEntry?.Value.Trim() is { Length: > 0 } named ? named : userEntry is null ? "root" : host.Accounts.PrimaryGroup(owner);
            var mode = 0b110_110_110;
            if (modeEntry is not null && !TryOctal(modeEntry.Value.Trim(), out mode))
            {
                context.Notes.Add($"{where}: CL003 did not judge socket unit '{socket.Unit.Name}': SocketMode={modeEntry.Value} is not a mode ConfLint reads");
                continue;
            }

            if (group is null || owner.Contains('%') || group.Contains('%') || owner.All(char.IsAsciiDigit) || group.All(char.IsAsciiDigit))
            {
                context.Notes.Add($"{where}: CL003 did not judge socket unit '{socket.Unit.Name}': its socket's owner or group is not known by name");
                continue;
            }

            foreach (var (web, whyNot, mine) in ShutOut(reached, owner, group, mode, host.Accounts, context.Notes, where))
            {
                if (web.BuildUnknown)
                {
                    continue;
                }

                var listener = mine[0].Socket;
                var at = modeEntry?.Location ?? groupEntry?.Location ?? userEntry?.Location ?? listener.Location;
                var related = SocketRelated(web, mine, at, $"systemd creates {listener.Endpoint.Path} here");
                var why = (userEntry is null ? "SocketUser= unset (root)" : $"SocketUser={owner}")
                    + ", " + (groupEntry is not null ? $"SocketGroup={group}" : userEntry is null ? "SocketGroup= unset (root)" : $"'{owner}''s primary group")
                    + ", " + (modeEntry is not null ? $"SocketMode={modeEntry.Value.Trim()}" : "SocketMode= unset (0666)");
                var advice = web.User == owner || web.Group == group
                    ? $"Give the socket's {(web.User == owner ? "owner" : "group")} write access (SocketMode=) in a drop-in of {socket.Unit.Name}"
                    : $"Set SocketGroup={web.Group} (with a SocketMode= that lets the group write) in a drop-in of {socket.Unit.Name}, or add '{web.User}' to group '{group}'";
                yield return Report(at,
                    $"socket unit '{socket.Unit.Name}' creates {listener.Endpoint.Path} as {owner}:{group} mode {Octal(mode)} ({why}): " +
                    $"'{web.User}' ({web.Source}) {whyNot}: connect() fails with (13: Permission denied) and a {ProxyStatus.Unreachable(mine.Select(p => p.FrontEnd))}",
                    related,
                    new Fix(advice, Applicability.DisplayOnly, []));
            }
        }
    }

    /// <summary>The web server identities among the front ends that reach a socket owned by <paramref name="owner"/> and
    /// <paramref name="group"/> with <paramref name="mode"/> that it shuts out, each with why and with the front ends of that
    /// identity; where the root does not show whether an identity is in the group, <paramref name="notes"/> say so.</summary>
    private static IEnumerable<(WebIdentity Web, string Why, List<(FrontEnd FrontEnd, EndpointSite Socket)> Mine)> ShutOut(
        List<(FrontEnd FrontEnd, EndpointSite Socket)> reached, string owner, string group, int mode, HostAccounts accounts, List<string> notes, string where)
    {
        foreach (var web in reached.Select(p => p.FrontEnd.Web).DistinctBy(w => (w.User, w.Group)).ToList())
        {
            if (JudgeMode(owner, group, mode, web, accounts) is not { } verdict)
            {
                notes.Add($"{where}: CL003 cannot tell whether '{web.User}' is in group '{group}' ({accounts.WhyMembershipUnknown(web.User, group)})");
                continue;
            }

            if (!verdict.Allowed)
            {
                yield return (web, verdict.Why, reached.Where(p => p.FrontEnd.Web.User == web.User && p.FrontEnd.Web.Group == web.Group).ToList());
            }
        }
    }

    private static bool TryOctal(string text, out int mode)
    {
        mode = 0;
        if (text.Length is 0 or > 4)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is < '0' or > '7')
            {
                return false;
            }

            mode = (mode * 8) + (c - '0');
        }

        mode &= 0b111_111_111;
        return true;
    }

    /// <summary>
    /// The folders on the way to a back end's Unix socket: connect() needs search (x) permission on every folder of the
    /// path as well as write permission on the socket (path_resolution(7), unix(7)), so a folder the web server's workers
    /// may not pass fails with (13: Permission denied) whatever the socket's own mode. Judged for every back end a systemd
    /// service runs (PHP-FPM pools, gunicorn, uwsgi, puma, unicorn and the rest) whose socket a front end reaches, for the
    /// folders its unit makes at each start with <c>RuntimeDirectory=</c> and its kin (<see cref="UnitFolders"/>: their
    /// owner and mode are the unit's). Other folders are not judged: a root's files keep the modes of the copy ConfLint
    /// reads, not the server's, and no owners. The finding stands at the <c>*DirectoryMode=</c> line (never at the default
    /// 0755, which lets everyone search); with <c>DynamicUser=</c>, a state, cache or logs folder lies below a
    /// <c>private</c> folder only root may pass, and the finding stands at <c>DynamicUser=</c>. Advice only: the mode, the
    /// folder's group or the web server's groups may change, the operator's choice.
    /// </summary>
    private IEnumerable<Diagnostic> CheckFolders(RuleContext context)
    {
        var host = context.Host;
        var seen = new HashSet<(Location, string)>();
        foreach (var backEnd in host.BackEnds)
        {
            if (backEnd is SocketBackEnd socket)
            {
                foreach (var diagnostic in SocketUnitFolders(context, socket, seen))
                {
                    yield return diagnostic;
                }

                continue;
            }

            if (host.ReachedBy(backEnd) is not { Count: > 0 } reachedBy)
            {
                continue;
            }

            if (host.ServiceOf(backEnd) is not { } service)
            {
                foreach (var diagnostic in UnitlessFolders(context, backEnd, reachedBy, seen))
                {
                    yield return diagnostic;
                }

                continue;
            }

            foreach (var listener in backEnd.Listeners.Where(l => l.Endpoint.Kind == EndpointKind.Unix).DistinctBy(l => l.Endpoint.Path))
            {
                if (listener.Endpoint.Path is not { } path)
                {
                    continue;
                }

                var mine = reachedBy.Where(f => f.Targets.Any(t => t.Endpoint.Kind == EndpointKind.Unix && t.Endpoint.CanonicalPath == listener.Endpoint.CanonicalPath)).ToList();
                if (mine.Count == 0)
                {
                    continue;
                }

                if (service.IsSocketActivated && service.Sockets.Any(s => s.Listeners.Any(l => l.Endpoint.CanonicalPath == listener.Endpoint.CanonicalPath)))
                {
                    continue;
                }

                var folders = UnitFolders.Above(service, path, host.Accounts, out var unjudged);
                if (unjudged is not null)
                {
                    context.Notes.Add($"{service.File.DisplayPath}: CL003 did not judge a folder on the way to {path}: {unjudged}");
                }

                var fixedFolders = SocketCreation.FoldersOnTheWay(host, service, path).Where(f => !folders.Any(u => u.Path == f.Path)).ToList();
                foreach (var diagnostic in FixedFolders(context, backEnd, service.File.DisplayPath, listener, fixedFolders, mine, seen))
                {
                    yield return diagnostic;
                }

                if (folders.Count == 0)
                {
                    if (fixedFolders.Count == 0)
                    {
                        context.Notes.Add($"{backEnd.File.DisplayPath}: CL003 did not judge the folders on the way to {path} of {backEnd.Describe()}: {service.UnitName} makes none of them (RuntimeDirectory= and its kin), and the root does not show the server's owners and modes of the others");
                    }

                    continue;
                }

                foreach (var web in mine.Select(f => f.Web).DistinctBy(w => (w.User, w.Group)))
                {
                    foreach (var folder in folders)
                    {
                        if (Blocked(folder, web, host.Accounts, out var why) is not { } at)
                        {
                            if (why is not null)
                            {
                                context.Notes.Add($"{service.File.DisplayPath}: CL003 cannot tell whether '{web.User}' may pass {folder.Path}: {why}");
                            }

                            continue;
                        }

                        if (web.BuildUnknown)
                        {
                            context.Notes.Add($"{service.File.DisplayPath}: CL003 did not judge {folder.Path}: nginx sets no 'user', so its workers run as its build's user, and the root does not show which build it is ({web.WhyBuildUnknown})");
                            continue;
                        }

                        if (!seen.Add((at.Location, web.User)))
                        {
                            continue;
                        }

                        var frontEnds = mine.Where(f => f.Web.User == web.User && f.Web.Group == web.Group).ToList();
                        yield return Report(at.Location, FolderMessage(backEnd, service, path, folder, web, why!, frontEnds),
                            FolderRelated(service, listener, folder, web, frontEnds, at), FolderFix(service, folder, web));
                    }
                }
            }
        }
    }

    /// <summary>
    /// The folders on the way to the socket of a back end no systemd service runs (a supervisord program, an application of
    /// Debian's uwsgi init script, a PM2 app, a pool of a PHP-FPM run so) that the configuration fixes at every boot: a
    /// tmpfiles.d <c>d</c> line or another unit's <c>RuntimeDirectory=</c> (<see cref="SocketCreation.FoldersOnTheWay"/>,
    /// with what the units' commands may do to them later). Such a folder is there, with that owner and mode, before the
    /// program starts, and the servers read here make no folder and change none: they bind the path as given (uWSGI's
    /// core/socket.c bind_to_unix, gunicorn's sock.py, php-fpm's fpm_sockets.c), and <c>chmod-socket</c>,
    /// <c>listen.mode</c> and their kin change the socket only. A web server that may not search the folder gets (13:
    /// Permission denied) as under a unit (unix(7)), so the finding is the same warning. Left unjudged, with a note, where
    /// the program's own start may change the folder: Debian's uwsgi init script, which makes its <c>UWSGI_RUNDIR</c>
    /// (<c>/run/uwsgi</c>) and the folders below it with <c>install -d</c> before each application starts; a supervisord
    /// program whose command line names the folder (a shell that runs <c>mkdir</c> or <c>chmod</c> first); uWSGI's
    /// <c>exec-*</c>, <c>hook-*</c> and <c>call-*</c> options naming it.
    /// </summary>
    private IEnumerable<Diagnostic> UnitlessFolders(RuleContext context, BackEnd backEnd, IReadOnlyList<FrontEnd> reachedBy, HashSet<(Location, string)> seen)
    {
        if (backEnd is not (SupervisorBackEnd or DebianUwsgiApp or VassalBackEnd or Host.Pm2.Pm2BackEnd or FpmPool))
        {
            yield break;
        }

        var host = context.Host;
        var where = backEnd.File.DisplayPath;
        foreach (var listener in backEnd.Listeners.Where(l => l.Endpoint.Kind == EndpointKind.Unix).DistinctBy(l => l.Endpoint.Path))
        {
            if (listener.Endpoint.Path is not { } path || !path.StartsWith('/'))
            {
                continue;
            }

            var mine = reachedBy.Where(f => f.Targets.Any(t => t.Endpoint.Kind == EndpointKind.Unix && t.Endpoint.CanonicalPath == listener.Endpoint.CanonicalPath)).ToList();
            if (mine.Count == 0)
            {
                continue;
            }

            var folders = new List<SocketCreation.FixedFolder>();
            foreach (var folder in SocketCreation.FoldersOnTheWay(host, null, path))
            {
                if (StartFailures.OwnStartMayChange(host, backEnd, path, folder.Path) is { } why)
                {
                    context.Notes.Add($"{where}: CL003 did not judge {folder.Path} on the way to {path} of {backEnd.Describe()}: {why}");
                    continue;
                }

                folders.Add(folder);
            }

            foreach (var diagnostic in FixedFolders(context, backEnd, where, listener, folders, mine, seen))
            {
                yield return diagnostic;
            }
        }
    }

    /// <summary>
    /// The folders on the way to a socket unit's file-system socket (<c>ListenStream=</c> and its kin). systemd makes the
    /// socket when the socket unit starts (sockets.target, early at boot), and makes the missing folders above it as root
    /// with <c>DirectoryMode=</c>, 0755 by default (systemd.socket(5): "If listening on a file system socket or FIFO, the
    /// parent directories are automatically created if needed"); a folder that is there already keeps its owner and mode.
    /// A tmpfiles.d line makes its folder before that (systemd-tmpfiles-setup.service runs before sysinit.target), so its
    /// owner and mode are the folder's when the web server connects; connect() needs search permission on it (unix(7)).
    /// The activated service's <c>ExecStartPre=</c> runs only after the socket is there, on the first connection: a
    /// <c>chmod</c> or <c>chown</c> of the folder there is another state the folder may have, and any state that lets the
    /// web server in leaves the folder unjudged (<see cref="SocketCreation.FoldersOnTheWay"/>). Folders a unit's
    /// <c>RuntimeDirectory=</c> makes are not judged here: systemd resets their mode when that unit starts, which may be
    /// before or after the socket unit makes them; nor are any where the socket unit has commands of its own
    /// (<c>ExecStartPre=</c>, <c>ExecStartPost=</c> of [Socket]), which may set them up. A folder only the socket unit
    /// makes, with a <c>DirectoryMode=</c> written, is root's with that mode at every boot
    /// (<see cref="SocketCreation.MadeBySocketUnit"/>).
    /// </summary>
    private IEnumerable<Diagnostic> SocketUnitFolders(RuleContext context, SocketBackEnd socket, HashSet<(Location, string)> seen)
    {
        var host = context.Host;
        if (host.ReachedBy(socket) is not { Count: > 0 } reachedBy)
        {
            yield break;
        }

        // The socket unit's own commands run before and after it binds (systemd.socket(5)): they may set up the folder.
        if (socket.Unit.Effective("Socket", "ExecStartPre").Concat(socket.Unit.Effective("Socket", "ExecStartPost")).FirstOrDefault() is { } own)
        {
            context.Notes.Add($"{socket.File.DisplayPath}: CL003 did not judge the folders on the way to the sockets of {socket.Describe()}: its {own.Key}={own.Value.Trim()} may change them");
            yield break;
        }

        foreach (var listener in socket.Listeners.Where(l => l.Endpoint.Kind == EndpointKind.Unix).DistinctBy(l => l.Endpoint.Path))
        {
            if (listener.Endpoint.Path is not { } path || !path.StartsWith('/'))
            {
                continue;
            }

            var mine = reachedBy.Where(f => f.Targets.Any(t => t.Endpoint.Kind == EndpointKind.Unix && t.Endpoint.CanonicalPath == listener.Endpoint.CanonicalPath)).ToList();
            if (mine.Count == 0)
            {
                continue;
            }

            var folders = SocketCreation.FoldersOnTheWay(host, socket.Service, path);
            foreach (var other in folders.Where(f => !f.AtBoot))
            {
                context.Notes.Add($"{socket.File.DisplayPath}: CL003 did not judge {other.Path} on the way to {path} of {socket.Describe()}: {other.Says}, and systemd sets its mode when that unit starts, before or after the socket unit makes it");
            }

            // The folders only the socket unit makes, with a DirectoryMode= of its own, are fixed at every boot as well.
            var fixedAtBoot = folders.Where(f => f.AtBoot).Concat(SocketCreation.MadeBySocketUnit(host, socket, path)).ToList();
            foreach (var diagnostic in FixedFolders(context, socket, socket.File.DisplayPath, listener, fixedAtBoot, mine, seen))
            {
                yield return diagnostic;
            }
        }
    }

    /// <summary>
    /// The folders on the way to a back end's socket that its unit does not make but the configuration fixes at every boot
    /// (<see cref="SocketCreation.FoldersOnTheWay"/>: a tmpfiles.d <c>d</c> line, another unit's <c>RuntimeDirectory=</c>):
    /// a web server that may not search one (unix(7): connecting "requires ... search permission on all of the directories
    /// in the path prefix") gets (13: Permission denied). A warning at the socket's line, the folder's line related: the
    /// folder is made at boot, and something ConfLint does not read may still change it later. Advice only: the folder's
    /// group, its mode or the web server's groups may change, and which one is the operator's choice.
    /// </summary>
    private IEnumerable<Diagnostic> FixedFolders(RuleContext context, BackEnd backEnd, string where, EndpointSite listener,
        List<SocketCreation.FixedFolder> folders, List<FrontEnd> reaching, HashSet<(Location, string)> seen)
    {
        var host = context.Host;
        var path = listener.Endpoint.Path!;
        foreach (var web in reaching.Select(f => f.Web).DistinctBy(w => (w.User, w.Group)))
        {
            foreach (var folder in folders)
            {
                // Judged for every owner and mode the folder may have (at boot, after a unit's chown or chmod): any that
                // lets the web server pass leaves it unjudged.
                var verdict = UnitFolders.CanSearch(folder.Owner, folder.Group, folder.Mode, web, host.Accounts);
                var unknown = folder.Later.Prepend(folder).FirstOrDefault(f => UnitFolders.CanSearch(f.Owner, f.Group, f.Mode, web, host.Accounts) is null);
                if (unknown is not null)
                {
                    context.Notes.Add($"{where}: CL003 cannot tell whether '{web.User}' may pass {folder.Path}: it is {unknown.Owner}:{unknown.Group ?? "?"} mode {Octal(unknown.Mode)}{(ReferenceEquals(unknown, folder) ? string.Empty : $" ({unknown.Says})")}, and the root's /etc/group does not show whether '{web.User}' is in group '{unknown.Group ?? "?"}'");
                    continue;
                }

                if (verdict!.Value.Allowed || folder.Later.Any(f => UnitFolders.CanSearch(f.Owner, f.Group, f.Mode, web, host.Accounts)!.Value.Allowed))
                {
                    continue;
                }

                if (web.BuildUnknown)
                {
                    context.Notes.Add($"{where}: CL003 did not judge {folder.Path}: nginx sets no 'user', so its workers run as its build's user, and the root does not show which build it is ({web.WhyBuildUnknown})");
                    continue;
                }

                if (!seen.Add((listener.Location, web.User)))
                {
                    continue;
                }

                var frontEnds = reaching.Where(f => f.Web.User == web.User && f.Web.Group == web.Group).ToList();
                var related = new List<RelatedLocation>();
                if (web.DefinedAt is { } definedAt)
                {
                    related.Add(Related(definedAt, $"the web server's workers run as '{web.User}' ({web.Source})"));
                }

                related.AddRange(frontEnds.Take(3).Select(f => Related(f.Directive, $"{f.DirectiveName} connects to {path}")));
                related.Add(folder.Maker);
                related.AddRange(folder.Later.Select(f => f.Maker));
                var link = Endpoint.CanonicalizeRunPath(path) != path ? " (/var/run is the link to /run)" : string.Empty;
                var later = string.Concat(folder.Later.Select(f => $"; {f.Says}, which shuts it out too"));
                var message = $"{backEnd.Describe()} makes its socket {path}{link} inside {folder.Path}, which is {folder.Owner}:{folder.Group ?? "?"} mode {Octal(folder.Mode)} at every boot ({folder.Says}{later}): " +
                    $"'{web.User}' ({web.Source}) {verdict.Value.Why}, so it may not pass the folder to reach the socket: connect() fails with (13: Permission denied) and a {ProxyStatus.Unreachable(frontEnds)}";
                yield return Report(listener.Location, message, related, FixedFolderFix(folder, web)) with { Severity = Severity.Warning };
            }
        }
    }

    /// <summary>Advice only: the folder's group given to the web server (with group search), or the web server's user added
    /// to the folder's group, or others given search; more than one outcome fits, so none is applied.</summary>
    private static Fix FixedFolderFix(SocketCreation.FixedFolder folder, WebIdentity web)
    {
        var groupMode = Octal(folder.Mode | 0b000_001_000);
        if (folder.Maker.Message.StartsWith("DirectoryMode=", StringComparison.Ordinal))
        {
            // systemd makes a socket's parents as root:root; only the mode is the socket unit's to set.
            return new Fix($"Let the web server pass {folder.Path}: set DirectoryMode={Octal(folder.Mode | 0b000_000_001)} in the socket unit (others search; any local user may then pass it), "
                + $"or make the folder with a tmpfiles.d line ('d {folder.Path} {groupMode} root {web.Group} -') so that it is there, the web server's group's, before the socket unit starts. Which one keeps the folder's purpose is the operator's choice, so none is applied", Applicability.DisplayOnly, []);
        }

        var remedies = new List<string>
        {
            $"make {folder.Path}'s group the web server's, with search for the group ({(folder.Says.StartsWith("RuntimeDirectory", StringComparison.Ordinal) ? $"Group={web.Group} and RuntimeDirectoryMode={groupMode} of the unit that makes it" : $"group '{web.Group}' and mode {groupMode} on the tmpfiles.d line")})",
        };
        if (folder.Group is { } group && !PrivilegedGroup(group))
        {
            remedies.Add($"add '{web.User}' to group '{group}'{((folder.Mode & 0b000_001_000) == 0 ? $" and give the group search ({groupMode})" : string.Empty)}, then restart the web server");
        }

        remedies.Add($"give others search on {folder.Path} ({Octal(folder.Mode | 0b000_000_001)}; any local user may then pass it)");
        return new Fix($"Let the web server pass {folder.Path}: " + string.Join("; or ", remedies) + ". Which one keeps the folder's purpose is the operator's choice, so none is applied", Applicability.DisplayOnly, []);
    }

    /// <summary>Groups whose members get more than a folder's access (root's, the administrators', the log readers', raw
    /// disks and the password hashes): a web server is never advised to join them.</summary>
    private static bool PrivilegedGroup(string group) => group is "root" or "wheel" or "sudo" or "admin" or "adm" or "shadow" or "disk" or "staff";

    /// <summary>The entry that shuts <paramref name="web"/> out of <paramref name="folder"/> (<c>DynamicUser=</c> for a
    /// private folder, else the mode's line; none at the default mode), with why; null with <paramref name="why"/> null when
    /// it may pass, or with <paramref name="why"/> set when that is not known.</summary>
    private static SystemdEntry? Blocked(UnitFolders.Folder folder, WebIdentity web, HostAccounts accounts, out string? why)
    {
        why = null;
        if (folder.Private is { } dynamicEntry && web.User != "root")
        {
            why = $"is not root, and {folder.Key}= folders of a unit with DynamicUser= lie below {PrivateParent(folder)}, which systemd makes inaccessible to unprivileged users";
            return dynamicEntry;
        }

        var verdict = UnitFolders.CanSearch(folder.Owner, folder.Group, folder.Mode, web, accounts);
        if (verdict is null)
        {
            why = $"it is {folder.Owner}:{folder.Group ?? "?"} mode {Octal(folder.Mode)}, and the root's /etc/group does not show whether '{web.User}' is in group '{folder.Group ?? "?"}'";
            return null;
        }

        if (verdict.Value.Allowed || folder.ModeEntry is null)
        {
            return null;
        }

        why = verdict.Value.Why;
        return folder.ModeEntry;
    }

    private static string PrivateParent(UnitFolders.Folder folder) =>
        folder.Path.StartsWith("/var/lib/", StringComparison.Ordinal) ? "/var/lib/private"
        : folder.Path.StartsWith("/var/cache/", StringComparison.Ordinal) ? "/var/cache/private" : "/var/log/private";

    private static string FolderMessage(BackEnd backEnd, ServiceBackEnd service, string path, UnitFolders.Folder folder, WebIdentity web, string why, List<FrontEnd> frontEnds)
    {
        var made = folder.Private is not null
            ? $"{folder.Path}, which systemd makes at each start of {service.UnitName} in {PrivateParent(folder)}, with a link at {folder.Path} ({folder.Key}={folder.Directory.Value.Trim()} with DynamicUser={folder.Private.Value.Trim()})"
            : $"{folder.Path}, which systemd makes at each start of {service.UnitName} as {folder.Owner}:{folder.Group ?? "?"} mode {Octal(folder.Mode)} ({folder.Says}; the owner from {folder.OwnerSource})";
        // The socket spelled below /var/run is in the folder below /run that the unit makes (UnitFolders.Above).
        var link = Endpoint.CanonicalizeRunPath(path) != path ? " (/var/run is the link to /run)" : string.Empty;
        return $"{backEnd.Describe()} makes its socket {path}{link} inside {made}: '{web.User}' ({web.Source}) {why}, so it may not pass the folder to reach the socket: " +
            $"connect() fails with (13: Permission denied) and a {ProxyStatus.Unreachable(frontEnds)}";
    }

    private static List<RelatedLocation> FolderRelated(ServiceBackEnd service, EndpointSite listener, UnitFolders.Folder folder, WebIdentity web, List<FrontEnd> frontEnds, SystemdEntry at)
    {
        var related = new List<RelatedLocation>();
        if (web.DefinedAt is { } definedAt)
        {
            related.Add(Related(definedAt, $"the web server's workers run as '{web.User}' ({web.Source})"));
        }

        related.AddRange(frontEnds.Take(3).Select(f => Related(f.Directive, $"{f.DirectiveName} connects to {listener.Endpoint.Path}")));
        related.Add(Related(listener.Location, $"the socket {listener.Endpoint.Path} is made here"));
        if (folder.Directory != at)
        {
            related.Add(Related(folder.Directory, $"{folder.Key}={folder.Directory.Value.Trim()} makes {folder.Path} at each start"));
        }

        foreach (var key in new[] { "User", "Group" })
        {
            if (folder.Private is null && folder.Key != "ConfigurationDirectory" && service.Unit.EffectiveEntry("Service", key) is { } entry && entry != at)
            {
                related.Add(Related(entry, $"{key}={entry.Value.Trim()}: the folder's {(key == "User" ? "owner" : "group")}"));
            }
        }

        return related;
    }

    /// <summary>Advice only: several changes let the web server in (the default mode, the folder's group, the web server's
    /// groups), and which one is the operator's.</summary>
    private static Fix FolderFix(ServiceBackEnd service, UnitFolders.Folder folder, WebIdentity web)
    {
        var unit = service.UnitName;
        if (folder.Private is not null)
        {
            return new Fix($"Make the socket in a folder the web server may reach: RuntimeDirectory= of {unit} (below /run, not private with DynamicUser=) and a bind there, the front end following; or drop DynamicUser= for a fixed User=", Applicability.DisplayOnly, []);
        }

        var modeKey = folder.ModeEntry!.Key;
        var groupSearch = (folder.Mode & 0b000_001_000) != 0;
        var remedies = new List<string> { $"remove {modeKey}= from {unit} (systemd's default 0755 lets every user pass; the socket's own mode still decides who may connect)" };
        if (folder.Owner == "root")
        {
            // A daemon started as root (php-fpm's master, uWSGI's emperor): Group= would change the master's own group,
            // and the folder's group is root's, which no web server should join.
            remedies.Add($"set {modeKey}=0711 in {unit} (others may pass the folder but not list it)");
        }
        else if (folder.Key != "ConfigurationDirectory" && !folder.Dynamic)
        {
            remedies.Add(groupSearch
                ? $"set Group={web.Group} in {unit}, so that the folder's group is the web server's"
                : $"set {modeKey}=0750 and Group={web.Group} in {unit}, so that the folder's group is the web server's and may pass");
            if (folder.Group is { } group && groupSearch && !PrivilegedGroup(group))
            {
                remedies.Add($"add '{web.User}' to group '{group}' and restart the web server (SupplementaryGroups= in {unit} changes the service's groups, not the web server's)");
            }
        }

        return new Fix("Let the web server pass the folder: " + string.Join("; or ", remedies), Applicability.DisplayOnly, []);
    }

    /// <summary>
    /// gunicorn's Unix sockets (gunicorn/sock.py, <c>UnixSocket.bind</c>): bound under its <c>umask</c> setting (default 0,
    /// so mode 0777 less it; the process's own umask does not count), then chowned to its <c>user</c> and <c>group</c>
    /// settings (by default the process's own: <c>os.geteuid()</c> and <c>os.getegid()</c>, the unit's <c>User=</c> and
    /// <c>Group=</c> or the user's primary group; <c>--user</c> alone leaves the group the process's). Each setting is
    /// read as gunicorn merges them (<see cref="GunicornSocketSettings"/>: the configuration file, <c>GUNICORN_CMD_ARGS</c>,
    /// the command line); where one is computed or may be set where ConfLint cannot read, the socket is not judged.
    /// Judged for systemd services that bind the socket themselves (a socket unit's socket is systemd's).
    /// </summary>
    private IEnumerable<Diagnostic> CheckGunicorn(RuleContext context)
    {
        var host = context.Host;
        foreach (var service in host.BackEndsOf<ServiceBackEnd>())
        {
            if (service.Server is not { Program: "gunicorn", GunicornSocket: { } settings } server || service.IsSocketActivated)
            {
                continue;
            }

            var reachedBy = ReachedSockets(host, service, server);
            if (reachedBy.Count == 0)
            {
                continue;
            }

            var where = service.File.DisplayPath;
            if (settings.Unknown is { } unknown)
            {
                context.Notes.Add($"{where}: CL003 did not judge the Unix socket of {service.Describe()}: {unknown}");
                continue;
            }

            var process = host.IdentityOf(service);
            var owner = settings.User?.Value ?? process.User;
            var group = settings.Group?.Value ?? process.Group;
            if (group is null || owner.All(char.IsAsciiDigit) || group.All(char.IsAsciiDigit))
            {
                context.Notes.Add($"{where}: CL003 did not judge the Unix socket of {service.Describe()}: its owner or group is not known by name");
                continue;
            }

            var mode = 0b111_111_111 & ~settings.Umask;
            var umaskText = settings.UmaskSetting?.Described ?? "the default umask 0";
            foreach (var (web, whyNot, mine) in ShutOut(reachedBy, owner, group, mode, host.Accounts, context.Notes, where))
            {
                if (web.BuildUnknown)
                {
                    continue;
                }

                var socket = mine[0].Socket;
                var groupEntry = settings.Group is null ? service.Unit.EffectiveEntry("Service", "Group") : null;
                var at = groupEntry?.Location ?? socket.Location;
                var related = SocketRelated(web, mine, at, $"gunicorn binds {socket.Endpoint.Path} here, under {umaskText}");
                foreach (var setting in new[] { settings.UmaskSetting, settings.User, settings.Group })
                {
                    if (setting is { InFile: true, At: { } written } && related.Count < 7)
                    {
                        related.Add(Related(written, $"{setting.Described.Split(" in ")[0]}: gunicorn's setting for the socket"));
                    }
                }

                var why = (settings.User is { } user ? user.Described : $"its process's user ({process.Source})")
                    + ", " + (settings.Group is { } set ? set.Described
                        : groupEntry is not null ? $"Group={group}"
                        : settings.User is null ? $"'{owner}''s primary group"
                        : $"its process's group {group} (gunicorn's group defaults to the process's, not the user's)")
                    + ", mode 0777 less " + umaskText;
                var advice = web.User == owner || web.Group == group ? $"Give the socket's {(web.User == owner ? "owner" : "group")} write access (a smaller {(settings.UmaskSetting is { InFile: true } ? "umask" : "--umask")})"
                    : $"Set Group={web.Group} in {service.UnitName} (or give gunicorn --group {web.Group}), so that the socket's group is the web server's";
                yield return Report(at,
                    $"{service.Describe()} creates {socket.Endpoint.Path} as {owner}:{group} mode {Octal(mode)} ({why}): " +
                    $"'{web.User}' ({web.Source}) {whyNot}: connect() fails with (13: Permission denied) and a {ProxyStatus.Unreachable(mine.Select(p => p.FrontEnd))}",
                    related,
                    new Fix(advice, Applicability.DisplayOnly, []));
            }
        }
    }

    /// <summary>
    /// puma's Unix sockets (lib/puma/binder.rb, <c>add_unix_listener</c>): bound under the bind URL's <c>?umask=</c> (0
    /// without one, so mode 0777: anyone may connect), or given <c>?mode=</c> by a chmod after the bind
    /// (<see cref="PumaSocketMode"/>), and never chowned: they belong to puma's own user and group (the unit's <c>User=</c>
    /// and <c>Group=</c>, or the user's primary group). Judged for systemd services that bind the socket themselves (a
    /// socket unit's socket is systemd's, which puma inherits as it is).
    /// </summary>
    private IEnumerable<Diagnostic> CheckPuma(RuleContext context)
    {
        var host = context.Host;
        foreach (var service in host.BackEndsOf<ServiceBackEnd>())
        {
            if (service.Server is not { Program: "puma", PumaSocketModes.Count: > 0 } server)
            {
                continue;
            }

            var reachedBy = ReachedSockets(host, service, server);
            if (reachedBy.Count == 0)
            {
                continue;
            }

            var where = service.File.DisplayPath;
            if (service.IsSocketActivated)
            {
                context.Notes.Add($"{where}: CL003 did not judge the Unix sockets of {service.Describe()}: systemd creates its sockets ({string.Join(", ", service.Sockets.Select(s => s.Name))}; SocketUser=, SocketGroup=, SocketMode=) and puma inherits them as they are");
                continue;
            }

            var process = host.IdentityOf(service);
            foreach (var socket in reachedBy.Select(p => p.Socket).Distinct())
            {
                // A bind without umask or mode: puma's umask 0 lets anyone connect. (Two binds of one path make puma raise
                // at start: "There is already a server bound to".)
                if (server.PumaSocketModes.FirstOrDefault(m => m.Path == socket.Endpoint.Path) is not { } setting)
                {
                    continue;
                }

                if (setting.Result is not { } mode)
                {
                    context.Notes.Add($"{where}: CL003 did not judge {socket.Endpoint.Path} of {service.Describe()}: {setting.Unknown}");
                    continue;
                }

                if (process.Group is not { } group || process.User.All(char.IsAsciiDigit) || group.All(char.IsAsciiDigit))
                {
                    context.Notes.Add($"{where}: CL003 did not judge {socket.Endpoint.Path} of {service.Describe()}: its owner or group ({process}) is not known by name");
                    continue;
                }

                var atSocket = reachedBy.Where(p => ReferenceEquals(p.Socket, socket)).ToList();
                foreach (var (web, whyNot, mine) in ShutOut(atSocket, process.User, group, mode, host.Accounts, context.Notes, where))
                {
                    if (web.BuildUnknown)
                    {
                        context.Notes.Add($"{where}: CL003 did not judge {socket.Endpoint.Path} of {service.Describe()}: nginx sets no 'user', so its workers run as its build's user, and the root does not show which build it is ({web.WhyBuildUnknown})");
                        continue;
                    }

                    var related = SocketRelated(web, mine, setting.Location, $"the socket {socket.Endpoint.Path}");
                    foreach (var key in new[] { "User", "Group" })
                    {
                        if (service.Unit.EffectiveEntry("Service", key) is { } entry && related.Count < 7)
                        {
                            related.Add(Related(entry, $"{key}={entry.Value.Trim()}: the socket's {(key == "User" ? "owner" : "group")}"));
                        }
                    }

                    var how = setting.Mode is not null
                        ? $"{setting.Written} of its bind URL: puma chmods the socket to it after binding"
                        : $"{setting.Written} of its bind URL: puma binds it under that umask";
                    yield return Report(setting.Location,
                        $"{service.Describe()} creates {socket.Endpoint.Path} as {process.User}:{group} mode {Octal(mode)} ({how}; the owner and group are its process's, {process.Source}): " +
                        $"'{web.User}' ({web.Source}) {whyNot}: connect() fails with (13: Permission denied) and a {ProxyStatus.Unreachable(mine.Select(p => p.FrontEnd))}",
                        related,
                        PumaFix(setting, mode, process.User, group, web, host.Accounts, service.UnitName));
                }
            }
        }
    }

    /// <summary>
    /// spawn-fcgi's Unix socket (src/spawn-fcgi.c, <c>bind_socket</c>): chmodded to <c>-M</c> (else 0660 less the umask,
    /// 0640 under systemd's default <c>UMask=0022</c>) and, as root, chowned to <c>-U</c>/<c>-G</c>, which default to the
    /// program's <c>-u</c>/<c>-g</c> (<c>if (0 == sockuid) sockuid = uid</c>); not as root it stays the process's
    /// (<see cref="SpawnFcgiOptions.SocketOwner"/>). Judged for systemd services that ConfLint read whole; advice only
    /// (the owner to give is the operator's choice).
    /// </summary>
    private IEnumerable<Diagnostic> CheckSpawnFcgi(RuleContext context)
    {
        var host = context.Host;
        foreach (var service in host.BackEndsOf<ServiceBackEnd>())
        {
            if (service.Server is not { SpawnFcgi: { } options } server || service.IsSocketActivated)
            {
                continue;
            }

            var reachedBy = ReachedSockets(host, service, server);
            if (reachedBy.Count == 0)
            {
                continue;
            }

            var where = service.File.DisplayPath;
            // The umask matters only without -M: the one spawn-fcgi inherits, where the unit (or a script it runs) shows it.
            var umask = 0;
            if (options.Value('M') is null)
            {
                var (inherited, unknown) = InheritedUmask.Of(host, service, server);
                if (inherited is null)
                {
                    context.Notes.Add($"{where}: CL003 did not judge the socket of {service.Describe()}: {unknown}");
                    continue;
                }

                umask = inherited.Value;
            }

            var (owner, group, ownerWhy) = options.SocketOwner(host.IdentityOf(service), host.Accounts.PrimaryGroup);
            var (mode, modeWhy, modeAt) = options.SocketMode(umask);
            foreach (var socket in reachedBy.Select(p => p.Socket).Distinct())
            {
                if (owner is null || group is null || owner.All(char.IsAsciiDigit) || group.All(char.IsAsciiDigit))
                {
                    context.Notes.Add($"{where}: CL003 did not judge {socket.Endpoint.Path} of {service.Describe()}: its owner or group ({ownerWhy}) is not known by name");
                    continue;
                }

                var atSocket = reachedBy.Where(p => ReferenceEquals(p.Socket, socket)).ToList();
                foreach (var (web, whyNot, mine) in ShutOut(atSocket, owner, group, mode, host.Accounts, context.Notes, where))
                {
                    if (web.BuildUnknown)
                    {
                        context.Notes.Add($"{where}: CL003 did not judge {socket.Endpoint.Path} of {service.Describe()}: nginx sets no 'user', so its workers run as its build's user, and the root does not show which build it is ({web.WhyBuildUnknown})");
                        continue;
                    }

                    var related = SocketRelated(web, mine, socket.Location, $"the socket {socket.Endpoint.Path}");
                    if (modeAt is { } m && related.Count < 7)
                    {
                        related.Add(Related(server.LocationOf(m), $"-M {m.Value}: the socket's mode"));
                    }

                    yield return Report(socket.Location,
                        $"{service.Describe()} creates {socket.Endpoint.Path} as {owner}:{group} mode {Octal(mode)} ({ownerWhy}; {modeWhy}): " +
                        $"'{web.User}' ({web.Source}) {whyNot}: connect() fails with (13: Permission denied) and a {ProxyStatus.Unreachable(mine.Select(p => p.FrontEnd))}",
                        related,
                        SpawnFcgiFix(options, owner, group, mode, web, host.Accounts, socket.Endpoint.Path!));
                }
            }
        }
    }

    /// <summary>Advice on spawn-fcgi's command line: the socket given to the web server's user or group (<c>-U</c>, <c>-G</c>,
    /// as root) with a mode that lets it write (<c>-M</c>); none applied, the owner is the operator's choice.</summary>
    private static Fix SpawnFcgiFix(SpawnFcgiOptions options, string owner, string group, int mode, WebIdentity web, HostAccounts accounts, string path)
    {
        var remedies = new List<string>();
        var inGroup = web.Group == group || accounts.IsMember(web.User, group) is true;
        if (web.User == owner || inGroup)
        {
            var bits = web.User == owner ? 0b110_000_000 : 0b000_110_000;
            remedies.Add($"give spawn-fcgi -M {Octal(mode | bits)}, so that the socket's {(web.User == owner ? "owner" : $"group '{group}'")} may write");
        }
        else if (options.Root)
        {
            remedies.Add($"give spawn-fcgi -G {web.Group} and -M {Octal(mode | 0b000_110_000)} (as root it chowns the socket to -U/-G), so that the web server's group owns it and may write");
        }

        if (!inGroup)
        {
            remedies.Add($"add '{web.User}' to group '{group}', give -M {Octal(mode | 0b000_110_000)} if the group may not write yet, and restart the web server");
        }
        return new Fix($"Let the web server write to {path}: " + string.Join("; or ", remedies), Applicability.DisplayOnly, []);
    }

    /// <summary>
    /// A Tomcat connector's Unix socket (<c>unixDomainSocketPath</c>): Tomcat binds it as the user its unit runs it as, never
    /// chowns it, and where <c>unixDomainSocketPathPermissions</c> is written sets exactly those permissions on it after
    /// the bind (NioEndpoint.initServerSocket: <c>PosixFilePermissions.fromString</c>, nine characters <c>rwxrwxrwx</c> with
    /// <c>-</c> for a permission not granted, then <c>Files.setAttribute</c>; a malformed string fails the connector).
    /// Without the attribute the socket's mode is the process's umask's (catalina.sh's <c>UMASK</c>): not judged. Judged
    /// only where the unit writes <c>User=</c> (a vendor's start script switches to its own user otherwise). Advice only.
    /// </summary>
    private IEnumerable<Diagnostic> CheckTomcat(RuleContext context)
    {
        var host = context.Host;
        foreach (var tomcat in host.Tomcat)
        {
            foreach (var connector in tomcat.Connectors)
            {
                if (connector.SocketPermissions is not { } permissions || connector.Listeners is not [var socket])
                {
                    continue;
                }

                var reached = host.ReachedBy(tomcat)
                    .Where(f => f.Targets.Any(t => t.Endpoint.Kind == EndpointKind.Unix && t.Endpoint.CanonicalPath == socket.Endpoint.CanonicalPath))
                    .Select(f => (FrontEnd: f, Socket: socket)).ToList();
                if (reached.Count == 0)
                {
                    continue;
                }

                var where = tomcat.ServerXml.DisplayPath;
                if (TomcatPermissions(permissions.Value) is not { } mode)
                {
                    context.Notes.Add($"{where}: CL003 did not judge {socket.Endpoint.Path}: unixDomainSocketPathPermissions=\"{permissions.Value}\" is not nine characters of rwx and -");
                    continue;
                }

                if (tomcat.UnitName is not { } unitName || !host.ServiceUnits.TryGetValue(unitName, out var unit) || unit.Unit.Get("Service", "User") is not { Length: > 0 })
                {
                    context.Notes.Add($"{where}: CL003 did not judge {socket.Endpoint.Path}: who runs {tomcat.Describe()} is not known (no unit with User=)");
                    continue;
                }

                var process = host.IdentityOfUnit(unit.Unit);
                if (process.Group is not { } group || process.User.All(char.IsAsciiDigit) || group.All(char.IsAsciiDigit))
                {
                    context.Notes.Add($"{where}: CL003 did not judge {socket.Endpoint.Path}: its owner or group ({process}) is not known by name");
                    continue;
                }

                foreach (var (web, whyNot, mine) in ShutOut(reached, process.User, group, mode, host.Accounts, context.Notes, where))
                {
                    if (web.BuildUnknown)
                    {
                        continue;
                    }

                    var related = SocketRelated(web, mine, permissions.Location, $"Tomcat binds {socket.Endpoint.Path} here");
                    var advice = web.User == process.User || web.Group == group || host.Accounts.IsMember(web.User, group) is true
                        ? $"Give the socket's {(web.User == process.User ? "owner" : "group")} write access in unixDomainSocketPathPermissions"
                        : $"Add '{web.User}' to group '{group}' and give the group write access in unixDomainSocketPathPermissions (rw-rw----), or set Group={web.Group} in {unitName}";
                    yield return Report(permissions.Location,
                        $"{tomcat.Describe()} creates {socket.Endpoint.Path} as {process.User}:{group} mode {Octal(mode)} (unixDomainSocketPathPermissions=\"{permissions.Value}\"; " +
                        $"the owner and group are its process's, {process.Source}): '{web.User}' ({web.Source}) {whyNot}: connect() fails with (13: Permission denied) and a {ProxyStatus.Unreachable(mine.Select(p => p.FrontEnd))}",
                        related,
                        new Fix(advice, Applicability.DisplayOnly, []));
                }
            }
        }
    }

    /// <summary>A POSIX permission string as Java's <c>PosixFilePermissions.fromString</c> reads it (exactly nine
    /// characters, each its letter or <c>-</c>), as a mode; null where Java refuses it.</summary>
    private static int? TomcatPermissions(string text)
    {
        if (text.Length != 9)
        {
            return null;
        }

        var mode = 0;
        for (var i = 0; i < 9; i++)
        {
            var letter = "rwx"[i % 3];
            if (text[i] != letter && text[i] != '-')
            {
                return null;
            }

            mode = (mode << 1) | (text[i] == letter ? 1 : 0);
        }

        return mode;
    }

    /// <summary>Advice on the bind: the query's umask or mode is the operator's choice to keep (puma's default lets any
    /// local user connect), so the remedies are named, none applied: write permission for the class the web server is in
    /// (a smaller umask, a wider mode), or the socket's group made the web server's (puma's <c>Group=</c>), or the query
    /// dropped.</summary>
    private static Fix PumaFix(PumaSocketMode setting, int mode, string owner, string group, WebIdentity web, HostAccounts accounts, string unit)
    {
        var key = setting.Mode is not null ? "mode" : "umask";
        // The class's read and write for a mode (connect() needs write); its whole triplet out of a umask (0007, not 0017).
        string Value(int triplet) => Octal(setting.Mode is not null ? mode | (triplet & 0b110_110_110) : setting.Umask!.Value & ~triplet & 0b111_111_111);
        var drop = $"drop {key} from the bind URL (puma's default umask 0 makes the socket 0777: any local user may then connect)";
        var inGroup = web.Group == group || accounts.IsMember(web.User, group) is true;
        var remedies = new List<string>();
        if (web.User == owner)
        {
            remedies.Add($"set {key}={Value(0b111_000_000)} in the bind URL, so that its owner may write");
        }
        else if (inGroup)
        {
            remedies.Add($"set {key}={Value(0b000_111_000)} in the bind URL, so that its group '{group}' may write");
        }
        else
        {
            remedies.Add($"set Group={web.Group} in {unit} and {key}={Value(0b000_111_000)} in the bind URL, so that the socket's group is the web server's and may write");
            remedies.Add($"add '{web.User}' to group '{group}', set {key}={Value(0b000_111_000)} in the bind URL and restart the web server");
        }

        remedies.Add(drop);
        return new Fix($"Let the web server write to {setting.Path} ({setting.Written}): " + string.Join("; or ", remedies), Applicability.DisplayOnly, []);
    }

    /// <summary>The front ends that reach the application server's Unix sockets, each with the socket it connects to.</summary>
    private static List<(FrontEnd FrontEnd, EndpointSite Socket)> ReachedSockets(HostModel host, BackEnd backEnd, AppServer server)
    {
        var sockets = server.Binds.Where(b => b.Endpoint.Kind == EndpointKind.Unix).ToList();
        return host.ReachedBy(backEnd)
            .Select(f => (FrontEnd: f, Socket: sockets.FirstOrDefault(s => f.Targets.Any(t => t.Endpoint.Kind == EndpointKind.Unix && t.Endpoint.CanonicalPath == s.Endpoint.CanonicalPath))))
            .Where(p => p.Socket is not null).Select(p => (p.FrontEnd, p.Socket!)).ToList();
    }

    /// <summary>Where an application server's socket shuts a web server out: who the workers run as, the front ends that
    /// connect (three at most), and the socket itself where the finding stands elsewhere (<paramref name="at"/>).</summary>
    private static List<RelatedLocation> SocketRelated(WebIdentity web, List<(FrontEnd FrontEnd, EndpointSite Socket)> mine, Location at, string socketNote)
    {
        var related = new List<RelatedLocation>();
        if (web.DefinedAt is { } definedAt)
        {
            related.Add(Related(definedAt, $"the web server's workers run as '{web.User}' ({web.Source})"));
        }

        related.AddRange(mine.Take(3).Select(p => Related(p.FrontEnd.Directive, $"{p.FrontEnd.DirectiveName} connects to this socket")));
        if (at != mine[0].Socket.Location)
        {
            related.Add(Related(mine[0].Socket.Location, socketNote));
        }

        return related;
    }

    /// <summary>
    /// uwsgi's Unix sockets, judged as PHP-FPM's are: the instances of Debian's init script (started as root, daemonized,
    /// the inherited file read first) and of systemd services (their <c>User=</c>, root without one); the owner, group and
    /// mode as uwsgi gives them (<see cref="UwsgiSocketAccess"/>), and of supervisord's programs, started as the program's
    /// <c>user=</c> where supervisord runs as root, else as supervisord itself (<see cref="SupervisorBackEnds.ProgramIdentity"/>).
    /// Emperors' vassals and sockets systemd creates are not judged.
    /// </summary>
    private IEnumerable<Diagnostic> CheckUwsgi(RuleContext context)
    {
        var host = context.Host;
        foreach (var backEnd in host.BackEnds)
        {
            if (host.AppServerOf(backEnd) is not { Program: "uwsgi", UwsgiOptions: { } options } server)
            {
                continue;
            }

            var reachedBy = ReachedSockets(host, backEnd, server);
            if (reachedBy.Count == 0)
            {
                continue;
            }

            var where = backEnd.File.DisplayPath;
            RunAs starter;
            switch (backEnd)
            {
                case SocketBackEnd:
                    context.Notes.Add($"{where}: CL003 did not judge {backEnd.Describe()}: systemd creates the socket (SocketUser=, SocketGroup=, SocketMode=) and hands it to uwsgi, which does not chown it");
                    continue;
                case DebianUwsgiApp { InheritedRead: false }:
                    context.Notes.Add($"{where}: CL003 did not judge {backEnd.Describe()}: the inherited configuration (/usr/share/uwsgi/conf/default.ini) is not in the root, so its socket's mode and default uid are not known");
                    continue;
                case DebianUwsgiApp:
                    starter = new RunAs("root", "root", "Debian's uwsgi init script starts it as root", true);
                    break;
                case ServiceBackEnd { IsSocketActivated: true } service:
                    context.Notes.Add($"{where}: CL003 did not judge {backEnd.Describe()}: systemd creates its sockets ({string.Join(", ", service.Sockets.Select(s => s.Name))}; SocketUser=, SocketGroup=, SocketMode=)");
                    continue;
                case ServiceBackEnd service when server.Vassals.Count == 0 && options.All("emperor").Count == 0:
                    starter = host.IdentityOf(service);
                    break;
                case SupervisorBackEnd { OwnSocket: true }:
                    context.Notes.Add($"{where}: CL003 did not judge {backEnd.Describe()}: supervisord creates the socket of an [fcgi-program] (socket_owner, socket_mode) and hands it to uwsgi");
                    continue;
                case SupervisorBackEnd program when server.Vassals.Count == 0 && options.All("emperor").Count == 0:
                    if (SupervisorBackEnds.ProgramIdentity(host, program.Program, program.Section) is not { } started)
                    {
                        context.Notes.Add($"{where}: CL003 did not judge the Unix sockets of {backEnd.Describe()}: who supervisord starts it as is not known (its user= is expanded, or names another user than supervisord's own {SupervisorBackEnds.SupervisordIdentity(host).User}, which cannot switch)");
                        continue;
                    }

                    starter = started;
                    break;
                default:
                    context.Notes.Add($"{where}: CL003 did not judge the Unix sockets of {backEnd.Describe()}: it reads who owns uwsgi's sockets only for Debian's init script, systemd services and supervisord programs, not for a uwsgi emperor or its vassals, nor other launchers");
                    continue;
            }

            // The umask uwsgi starts with, where its service or supervisord shows it (Debian's init script daemonizes: 0).
            var (inherited, inheritedFrom) = backEnd is DebianUwsgiApp ? (null, null) : InheritedUmask.Of(host, backEnd, server);
            var groups = backEnd is ServiceBackEnd { Unit: var unit } ? ProcessGroups.OfService(unit, starter) : null;
            var (ownership, unknown, refused) = UwsgiSocketAccess.Of(options, starter, inherited, host.Accounts, inheritedFrom, groups);
            if (refused is { Option: "chmod-socket" })
            {
                var chmodAt = refused.Setting.Location ?? reachedBy[0].Socket.Location;
                var written = refused.Setting.Location is { } line ? $" at {line.Path}:{line.Start.Line}:{line.Start.Column}" : " on its command line";
                yield return Report(chmodAt,
                    $"{backEnd.Describe()} does not start: chmod-socket{(refused.Setting.Raw.Length == 0 ? " (no value)" : $" = {refused.Setting.Raw}")}{written} is no mode uwsgi takes: {refused.Why}, before it binds {reachedBy[0].Socket.Endpoint.Path}; every request is a {ProxyStatus.Unreachable(reachedBy.Select(p => p.FrontEnd))}",
                    [.. reachedBy.Take(3).Select(p => Related(p.FrontEnd.Directive, $"{p.FrontEnd.DirectiveName} connects to this socket")), Related(reachedBy[0].Socket.Location, $"the socket {reachedBy[0].Socket.Endpoint.Path}")],
                    new Fix("Give chmod-socket three octal digits (660 with the web server in the socket's group, 666 for anyone), or remove the line", Applicability.DisplayOnly, []));
                continue;
            }

            if (refused is not null)
            {
                var mineAll = reachedBy;
                var chownAt = refused.Setting.Location ?? mineAll[0].Socket.Location;
                yield return Report(chownAt,
                    $"{backEnd.Describe()} runs as '{starter.User}' ({starter.Source}) and binds {mineAll[0].Socket.Endpoint.Path} as itself; chown-socket = {refused.Setting.Raw} is more than it may do: {refused.Why}: " +
                    $"chown() fails with 'Operation not permitted', uwsgi exits at start (core/utils.c, uwsgi_chown) and every request is a {ProxyStatus.Unreachable(mineAll.Select(p => p.FrontEnd))}",
                    [.. mineAll.Take(3).Select(p => Related(p.FrontEnd.Directive, $"{p.FrontEnd.DirectiveName} connects to this socket")), Related(mineAll[0].Socket.Location, $"the socket {mineAll[0].Socket.Endpoint.Path}")],
                    new Fix($"Remove chown-socket = {refused.Setting.Raw} (an unprivileged uwsgi keeps its socket as its own user and group), or give the process the group it names (Group= or SupplementaryGroups= in {(backEnd as ServiceBackEnd)?.UnitName ?? "its unit"})", Applicability.DisplayOnly, []));
                continue;
            }

            if (ownership is null)
            {
                context.Notes.Add($"{where}: CL003 did not judge the Unix sockets of {backEnd.Describe()}: {unknown}");
                continue;
            }

            var identities = reachedBy.Select(p => p.FrontEnd.Web).DistinctBy(w => (w.User, w.Group)).ToList();
            foreach (var web in identities)
            {
                var verdict = JudgeMode(ownership.Owner, ownership.Group, ownership.Mode, web, host.Accounts);
                if (verdict is null)
                {
                    context.Notes.Add($"{where}: CL003 cannot tell whether '{web.User}' is in group '{ownership.Group}' (no /etc/group; lint with --root)");
                    continue;
                }

                if (verdict.Value.Allowed)
                {
                    continue;
                }

                if (web.BuildUnknown)
                {
                    context.Notes.Add($"{where}: CL003 did not judge {backEnd.Describe()}: nginx sets no 'user', so its workers run as its build's user, and the root does not show which build it is ({web.WhyBuildUnknown})");
                    continue;
                }

                var mine = reachedBy.Where(p => p.FrontEnd.Web.User == web.User && p.FrontEnd.Web.Group == web.Group).ToList();
                var socket = mine[0].Socket;
                var at = ownership.Decisive?.Location ?? socket.Location;
                var related = SocketRelated(web, mine, at, $"the socket {socket.Endpoint.Path}");

                related.AddRange(ownership.Settings.Where(s => s.Location != at).Take(Math.Max(0, 7 - related.Count)).Select(s => Related(s.Location, s.Text)));
                yield return Report(at,
                    $"{backEnd.Describe()} creates {socket.Endpoint.Path} as {ownership.Owner}:{ownership.Group} mode {Octal(ownership.Mode)} ({ownership.Why}): " +
                    $"'{web.User}' ({web.Source}) {verdict.Value.Why}: connect() fails with (13: Permission denied) and a {ProxyStatus.Unreachable(mine.Select(p => p.FrontEnd))}",
                    related,
                    UwsgiFix(options, ownership, web, host.Accounts, socket, identities.Count == 1));
            }
        }
    }

    /// <summary>As for PHP-FPM, the smallest change that lets the web server in, for the instance's own file (the last one
    /// uwsgi reads, whose value wins): write permission for the class it is in (<c>chmod-socket</c>), or, where uwsgi starts
    /// as root, the socket's group given to the web server's (<c>chown-socket = OWNER:GROUP</c>: uwsgi then binds as root,
    /// chowns and drops to its uid; the owner stays); an unprivileged uwsgi can only widen the mode to 666.
    /// Where the web server owns the socket or is in its group, only that class's write permission is missing, and
    /// <c>chmod-socket</c> (whose last value wins, core/socket.c) gives it: the edit writes the value over the last
    /// <c>chmod-socket</c> of an ini file, or, with none, adds a <c>chmod-socket</c> line after the socket's own line
    /// (the same section; commented lines stay as they are). It is the one outcome the evidence allows, so it is safe
    /// where one web server identity reaches the socket (as for PHP-FPM, unsafe with several). A <c>chmod-socket</c> on
    /// the command line or in an XML file, and the other changes, are advice.</summary>
    private static Fix UwsgiFix(UwsgiOptions options, UwsgiSocketOwnership ownership, WebIdentity web, HostAccounts accounts, EndpointSite socket, bool onlyIdentity)
    {
        var inGroup = web.Group == ownership.Group || accounts.IsMember(web.User, ownership.Group) is true;
        var where = options.Files.Count > 0 ? options.Files[^1].Display : "uwsgi's command line";
        if (web.User == ownership.Owner || inGroup)
        {
            var value = Octal(ownership.Mode | (web.User == ownership.Owner ? 0b110_000_000 : 0b000_110_000))[1..];
            var applicability = onlyIdentity ? Applicability.Safe : Applicability.Unsafe;
            var chmods = options.All("chmod-socket", "chmod");
            if (chmods.Count > 0)
            {
                var last = chmods[^1];
                return last.Location is { Source: not null } at && options.IniFiles.Contains(at.File)
                    ? new Fix($"Set chmod-socket = {value} in {at.Path}", applicability, [new FileEdit(at.File, new TextEdit(at.Span, value))])
                    : new Fix($"Set chmod-socket = {value} in {where}", Applicability.DisplayOnly, []);
            }

            if (socket.Location is { Source: { } source } line && options.IniFiles.Contains(line.File))
            {
                var lineSpan = source.GetLineSpan(line.Start.Line);
                var indent = source.Text[lineSpan.Start..lineSpan.End];
                indent = indent[..(indent.Length - indent.TrimStart().Length)];
                return new Fix($"Set chmod-socket = {value} in {line.Path} (a line after the socket's)", applicability,
                    [new FileEdit(line.File, TextEdit.Insert(lineSpan.End, source.PreferredNewLine + indent + $"chmod-socket = {value}"))]);
            }

            return new Fix($"Set chmod-socket = {value} in {where}", Applicability.DisplayOnly, []);
        }

        var change = !ownership.CanChown
            ? "chmod-socket = 666 (any local user may then connect)"
            : $"chown-socket = {ownership.Owner}:{web.Group}" + ((ownership.Mode & GroupWrite) != 0 ? string.Empty : $" and chmod-socket = {Octal(ownership.Mode | 0b000_110_000)[1..]}");
        return new Fix($"Set {change} in {where}", Applicability.DisplayOnly, []);
    }

    private static string Octal(int mode) => "0" + Convert.ToString(mode, 8).PadLeft(3, '0');

    /// <summary>The socket's owner and group, and where they come from when the pool does not set them.</summary>
    private static string Ownership(FpmPool pool)
    {
        var text = $"{pool.ListenOwner}:{pool.ListenGroup ?? "?"}";
        if (pool.UsesAcl)
        {
            var names = string.Join(", ", new[] { ("users", pool.Get("listen.acl_users")), ("groups", pool.Get("listen.acl_groups")) }
                .Where(p => p.Item2 is { Length: > 0 }).Select(p => $"{p.Item1} {p.Item2}"));
            return $"{text} (the master's own user: listen.owner and listen.group are ignored where ACLs are set; {pool.Install.Master.Source}) with ACL entries for {names},";
        }

        return pool.Get("listen.owner") is { Length: > 0 } ? text : $"{text} (no listen.owner: the master's own user; {pool.Install.Master.Source})";
    }

    /// <summary>A master that is not root cannot give its socket away: php-fpm exits at start ("failed to chown() the
    /// socket"), and every request is a 502.</summary>
    private Diagnostic? UnprivilegedChown(FpmPool pool, HostModel host)
    {
        var master = pool.Install.Master;
        if (master.IsRoot || !master.Proven || pool.UsesAcl)
        {
            return null;
        }

        var owner = pool.Get("listen.owner") is { Length: > 0 } o && o != master.User ? o : null;
        var group = pool.Get("listen.group") is { Length: > 0 } g && g != master.Group && pool.Install.Accounts.IsMember(master.User, g) is false ? g : null;
        if (owner is null && group is null)
        {
            return null;
        }

        var key = owner is not null ? "listen.owner" : "listen.group";
        var (entry, _) = pool.Entry(key)!.Value;
        var what = owner is not null ? $"user '{owner}'" : $"group '{group}'";
        return Report(entry.Location,
            $"{pool.Describe()} runs as '{master.User}' ({master.Source}), which may not chown its socket to {what}: php-fpm exits at start ('failed to chown() the socket ... Operation not permitted') and every request is a {ProxyStatus.Unreachable(host.ReachedBy(pool))}",
            [Related(entry, $"{key} = {entry.Value}")],
            new Fix($"Remove {key} from {pool.Describe()}: an unprivileged PHP-FPM creates its socket as its own user", Applicability.DisplayOnly, []));
    }

    /// <summary>The smallest change that lets the web server in: where ACLs decide, add its user to <c>listen.acl_users</c>;
    /// where it owns the socket or is in its group, give that class write permission; otherwise hand the socket to it
    /// (<c>listen.owner</c>, <c>listen.group</c>, 0660), which only a root master can do. Safe when one web user reaches the
    /// pool; a master that is not root can only widen the mode, which is never applied unreviewed.</summary>
    private static Fix CreateFix(FpmPool pool, WebIdentity web, HostAccounts accounts, bool onlyUser)
    {
        var applicability = onlyUser ? Applicability.Safe : Applicability.Unsafe;
        if (pool.UsesAcl)
        {
            var list = string.IsNullOrEmpty(pool.Get("listen.acl_users")) ? web.User : pool.Get("listen.acl_users") + "," + web.User;
            // A name the root's files lack, which a source ConfLint cannot read may hold, stays beside the new one: if it is no
            // account, php-fpm still exits at start (FpmNeverStarts), so the fix is not one outcome.
            if (UnknownAclName(pool, accounts) is { } unknown)
            {
                return new Fix($"Add {web.User} to listen.acl_users of {pool.Describe()} (it keeps '{unknown}', which the root's accounts do not show: php-fpm does not start unless an account of that name exists)",
                    Applicability.Unsafe, PoolEdits.Set(pool, "listen", ("listen.acl_users", list)));
            }

            return new Fix($"Add {web.User} to listen.acl_users of {pool.Describe()}", applicability, PoolEdits.Set(pool, "listen", ("listen.acl_users", list)));
        }

        var mode = Mode(pool) ?? 0b110_110_000;
        var inGroup = web.Group == pool.ListenGroup || (pool.ListenGroup is { } group && accounts.IsMember(web.User, group) is true);
        if (web.User == pool.ListenOwner || inGroup)
        {
            var wanted = mode | (web.User == pool.ListenOwner ? 0b110_000_000 : 0b000_110_000);
            var text = "0" + Convert.ToString(wanted, 8).PadLeft(3, '0');
            return new Fix($"Set listen.mode = {text} in {pool.Describe()}", applicability, PoolEdits.Set(pool, "listen", ("listen.mode", text)));
        }

        if (!pool.Install.Master.IsRoot)
        {
            return new Fix($"Set listen.mode = 0666 in {pool.Describe()} (any local user may then connect)", Applicability.Unsafe, PoolEdits.Set(pool, "listen", ("listen.mode", "0666")));
        }

        return new Fix($"Set listen.owner = {web.User}, listen.group = {web.Group}, listen.mode = 0660 in {pool.Describe()}", applicability,
            PoolEdits.Set(pool, "listen", ("listen.owner", web.User), ("listen.group", web.Group), ("listen.mode", "0660")));
    }

    /// <summary>An ACL name of the pool whose account the root's files lack while nsswitch.conf lists a source ConfLint
    /// cannot read (it may or may not exist), or null.</summary>
    private static string? UnknownAclName(FpmPool pool, HostAccounts accounts)
    {
        if (!accounts.IsKnown)
        {
            return null;
        }

        foreach (var name in (pool.Get("listen.acl_users") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (accounts.HasUser(name) is null)
            {
                return name;
            }
        }

        foreach (var name in (pool.Get("listen.acl_groups") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (accounts.HasGroup(name) is null)
            {
                return name;
            }
        }

        return null;
    }

    private static int? Mode(FpmPool pool) =>
        pool.ListenMode.Length is > 0 and <= 10 && pool.ListenMode.All(c => c is >= '0' and <= '7') ? Convert.ToInt32(pool.ListenMode, 8) : null;

    /// <summary>Whether <paramref name="web"/> may write to the socket, and why not; null when it depends on unknown group membership.</summary>
    internal static (bool Allowed, string Why)? Judge(FpmPool pool, WebIdentity web, HostAccounts accounts)
    {
        if (web.User == "root")
        {
            return (true, string.Empty);
        }

        // With ACLs, a user or group they name may connect whatever the mode; anyone else only as the mode allows the
        // socket's owner and group, which are then the master's (listen.owner and listen.group are ignored).
        string? aclWhy = null;
        if (pool.UsesAcl)
        {
            var aclUsers = List(pool.Get("listen.acl_users"));
            var aclGroups = List(pool.Get("listen.acl_groups"));
            if (aclUsers.Contains(web.User) || aclGroups.Contains(web.Group))
            {
                return (true, string.Empty);
            }

            var unknown = false;
            foreach (var group in aclGroups)
            {
                var member = accounts.IsMember(web.User, group);
                if (member is true)
                {
                    return (true, string.Empty);
                }

                unknown |= member is null;
            }

            if (unknown)
            {
                return null;
            }

            aclWhy = "is in neither listen.acl_users nor listen.acl_groups";
        }

        if (Mode(pool) is not { } mode)
        {
            return (true, string.Empty);
        }

        return JudgeMode(pool.ListenOwner, pool.ListenGroup, mode, web, accounts, aclWhy);
    }

    /// <summary>Whether <paramref name="web"/> may write to a socket of <paramref name="owner"/>, <paramref name="group"/> and
    /// <paramref name="mode"/>, and why not; null when it depends on unknown group membership.</summary>
    private static (bool Allowed, string Why)? JudgeMode(string owner, string? group, int mode, WebIdentity web, HostAccounts accounts, string? aclWhy = null) =>
        ModeClasses.Check(web.User, web.Group, owner, group, mode, ModeClasses.Write, accounts) switch
        {
            (null, _) => null,
            (true, _) => (true, string.Empty),
            (false, ModeClass.Owner) => (false, aclWhy ?? "owns the socket, but the mode gives the owner no write permission"),
            (false, ModeClass.Group) => (false, aclWhy ?? $"is in group '{group}', but the mode gives the group no write permission"),
            (false, ModeClass.Other) => (false, aclWhy is null
                ? $"is neither the owner nor in group '{group}', and others may not write to it"
                : $"{aclWhy}, is neither the socket's owner nor in its group '{group}', and others may not write to it"),
            (false, _) => (false, aclWhy ?? "does not own it and the mode gives neither group nor others write permission"),
        };

    private static List<string> List(string? value) =>
        value is null ? [] : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
