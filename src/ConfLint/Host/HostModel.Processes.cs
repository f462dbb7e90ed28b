using ConfLint.Host.PhpFpm;
using ConfLint.Host.Systemd;
using ConfLint.Workspace;
using ConfLint.Workspace.Systemd;

namespace ConfLint.Host;

/// <summary>What runs the back ends: the PHP installations, the services and the processes that run them, the memory
/// they may use, and the back ends whose addresses cannot be known.</summary>
public sealed partial class HostModel
{
    private readonly Dictionary<BackEnd, ServiceBackEnd> _runBy = [];
    private readonly Dictionary<BackEnd, Supervisor.SupervisorBackEnd> _supervisedBy = [];

    /// <summary>The back ends' own files (php.ini, app servers' configuration), read under the root.</summary>
    public HostFiles Files { get; internal set; } = null!;

    /// <summary>Every PHP-FPM installation found, with its pools, php.ini and service.</summary>
    public List<PhpInstall> PhpInstalls { get; } = [];

    /// <summary>Every service unit of the host (merged; enabled template instances expanded), by name, with its unit file:
    /// the front ends' too, to know which user they run as.</summary>
    public Dictionary<string, (MergedUnit Unit, ConfigFile File)> ServiceUnits { get; } = new(StringComparer.Ordinal);

    /// <summary>The services that run a Tomcat ConfLint reads through its server.xml (Debian's <c>tomcat10.service</c>, a
    /// vendor's <c>confluence.service</c>), by unit name: no back ends of their own (the Tomcat stands for each, and its
    /// connectors are the listeners), but what runs it (<see cref="ServiceOf"/>, tied by <see cref="Tomcat.TomcatBackEnds"/>):
    /// whether the Tomcat starts at boot is its unit's enablement.</summary>
    internal Dictionary<string, ServiceBackEnd> TomcatServices { get; } = new(StringComparer.Ordinal);

    /// <summary>The root's first process (a container's entry point), when the root shows it.</summary>
    public HostProcess? InitProcess { get; internal set; }

    /// <summary>The machine's memory and a container's cgroup limit.</summary>
    public HostMemory MemoryInfo { get; internal set; } = new(null, null, null, null);

    /// <summary>Back ends whose addresses cannot be known, and why: one of them may be what a front end reaches.</summary>
    public List<(BackEnd? BackEnd, string Why)> UnknownListeners { get; } = [];

    /// <summary>Programs a service or supervisord runs that ConfLint does not read as a server (gitlab-workhorse, php-cgi
    /// under spawn-fcgi, a Go binary): who runs them, and the words of their command lines and environments. One whose
    /// words name an address may listen there (<see cref="UnreadProgramNaming"/>).</summary>
    public List<UnreadProgram> UnreadPrograms { get; } = [];

    /// <summary>Files the host model reads as configuration of their own beyond the workspace's (the ecosystem file or
    /// dump.pm2 a service's PM2 starts its apps from): like the workspace's files, no sign of an unread program's address.</summary>
    public HashSet<string> ReadConfigFiles { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether a file is read as configuration: the workspace's, or one of <see cref="ReadConfigFiles"/>.</summary>
    private bool ReadsAsConfiguration(string file) => Workspace.FindFile(file) is not null || ReadConfigFiles.Contains(file);

    /// <summary>Services whose ExecStart runs a shell script that was not followed to the one server it starts, each said
    /// as a note (which script, and why): what such a service runs is not judged.</summary>
    public List<string> UnfollowedScripts { get; } = [];

    /// <summary>Services and supervisord programs whose shell script was followed to its end and runs no listener (every
    /// command a shell builtin, a coreutils program or a program known to listen on no port, <see cref="FollowOutcome.Quiet"/>):
    /// neither programs that may listen anywhere nor makers of any folder, only of the paths their <c>mkdir</c>,
    /// <c>install</c>, <c>cp</c>, <c>mv</c> and <c>ln</c> name.</summary>
    public List<NonServerScript> NonServerScripts { get; } = [];

    /// <summary>supervisord programs whose command or environment could not be read as supervisord builds them (an
    /// expansion of supervisord's own environment, an option it refuses), each said as a note: they are unread programs.</summary>
    public List<string> UnreadSupervisorCommands { get; } = [];

    /// <summary>Proxy directives not taken as front ends because whether they run, or where they connect, is not in the
    /// files (an Apache <c>RewriteRule ... [P]</c> whose host is a back-reference), each said as a note.</summary>
    public List<string> UnjudgedFrontEnds { get; } = [];

    /// <summary>Apache proxy directives not taken as front ends because a module they need is not loaded (CL001 reports
    /// them: the back end is never reached).</summary>
    public List<Apache.UnloadedProxy> UnloadedProxies { get; } = [];

    /// <summary>The first unread program whose command line or environment names <paramref name="endpoint"/>: its port
    /// (<c>:8181</c>, <c>--port 8181</c>, <c>PORT=8181</c>) or its socket's path; or whose own configuration file, named on
    /// its command line or in its environment and read under the root, does (oauth2-proxy's <c>--config=FILE</c> with
    /// <c>http_address = "127.0.0.1:4180"</c>); null when none does. With <paramref name="ownFolders"/>, also a program
    /// whose folder in /etc holds a file naming the endpoint on a line whose key speaks of a listen, a bind, a port or an
    /// address (<see cref="OwnEtcFiles"/>: ntfy's <c>listen-http: "127.0.0.1:2586"</c>; prometheus.yml's scrape
    /// <c>targets</c> are where it connects, and do not count).</summary>
    public string? UnreadProgramNaming(Endpoint endpoint, bool ownFolders = false) => UnreadProgramNaming(endpoint, ownFolders, out _);

    /// <param name="program">The program whose words or files name the endpoint, where they do so outright (not through a
    /// default, nor in a file that includes others); null otherwise.</param>
    /// <remarks>A program whose own words give its main listen address elsewhere (<see cref="UnreadProgramFiles.MainListen"/>:
    /// Gotify's <c>GOTIFY_SERVER_PORT=8080</c>, which configor applies over /etc/gotify/config.yml's port; Prometheus'
    /// <c>--web.listen-address</c> beside the Alertmanager address its prometheus.yml sends alerts to) does not listen at an
    /// endpoint its files name: the command line and the environment win over a file, and such a file's address is one it
    /// connects to or one they override. A file that includes others (<c>.include</c>, <c>include</c>, <c>!include</c>) may
    /// have its address overridden there: its address is taken as unknown, never as the target's.</remarks>
    public string? UnreadProgramNaming(Endpoint endpoint, bool ownFolders, out UnreadProgram? program)
    {
        program = null;
        var what = endpoint.Kind == EndpointKind.Tcp ? $"port {endpoint.Port}" : endpoint.Path;
        foreach (var each in UnreadPrograms)
        {
            var (who, _, words, _) = each;
            if (WordNaming(words, endpoint) is { } word)
            {
                program = each;
                return $"{who} runs a program ConfLint does not read, and its command line or environment names {what} ('{word}')";
            }

            var listensElsewhere = UnreadProgramFiles.MainListen(words, each.Name) is { } main && !main.Endpoint.Accepts(endpoint);
            foreach (var file in UnreadProgramFiles.Named(words))
            {
                // A file ConfLint reads as configuration (haproxy.cfg for haproxy.service) says where that server listens
                // and connects already: its back ends' addresses are no sign of another listener.
                if (!listensElsewhere && !ReadsAsConfiguration(file) && UnreadProgramFiles.Naming(this, file, endpoint) is { } found)
                {
                    if (UnreadProgramFiles.Includes(this, file) is { } include)
                    {
                        return $"{who} runs a program ConfLint does not read, and {file}, a file its command line or environment names, names {what} at line {found.Line} ('{found.Word}'), but includes other files (line {include}) that may set another address: where it listens is not known";
                    }

                    program = each;
                    return $"{who} runs a program ConfLint does not read, and {file}, a file its command line or environment names, names {what} at line {found.Line} ('{found.Word}')";
                }
            }

            // Its default, where nothing read says otherwise and no file of it is missing from the root.
            if (endpoint.Kind == EndpointKind.Tcp && UnreadProgramFiles.DefaultPort(words) is { } port && port == endpoint.Port && !NamesAnAddress(words)
                && UnseenFile(words) is null)
            {
                return $"{who} runs {Path.GetFileName(words[0])}, which ConfLint does not read and which listens on port {port} by default (nothing in the root says otherwise)";
            }
        }

        // A file of the program's own folder in /etc (/etc/ntfy/server.yml for ntfy, which it reads by itself without being
        // told): the program meant for that folder first (ntfy.service before ntfy-client.service, both running ntfy).
        if (!ownFolders)
        {
            return null;
        }

        foreach (var each in UnreadPrograms.Where(MayServe).OrderBy(p => p.Words.Count > 0 && p.Name == Path.GetFileName(p.Words[0]) ? 0 : 1))
        {
            var (who, _, words, _) = each;
            if (words.Count == 0 || (UnreadProgramFiles.MainListen(words, each.Name) is { } main && !main.Endpoint.Accepts(endpoint)))
            {
                continue;
            }

            foreach (var file in OwnNames(each).SelectMany(OwnEtcFiles).Distinct(StringComparer.Ordinal))
            {
                if (UnreadProgramFiles.Naming(this, file, endpoint, keyedOnly: true) is { } found)
                {
                    if (UnreadProgramFiles.Includes(this, file) is { } include)
                    {
                        return $"{who} runs {Path.GetFileName(words[0])}, which ConfLint does not read, and {file}, in the folder of /etc named for it, names {what} at line {found.Line} ('{found.Word}'), but includes other files (line {include}) that may set another address: where it listens is not known";
                    }

                    program = each;
                    return $"{who} runs {Path.GetFileName(words[0])}, which ConfLint does not read, and {file}, in the folder of /etc named for it, names {what} at line {found.Line} ('{found.Word}')";
                }
            }
        }

        return null;
    }

    /// <summary>The word of a command line or environment that names <paramref name="endpoint"/> outright (<c>:8181</c>,
    /// <c>--port 8181</c>, <c>PORT=8181</c>, <c>localhost:8181</c>, a socket's path); null where none does. A word
    /// <c>HOST:PORT</c> names a TCP target only where a listener bound there would take a connection made to it
    /// (<see cref="ListenHostTakes"/>): Starman's <c>--listen 192.168.10.21:5763</c> binds that address only, and
    /// Apache's connection to <c>localhost:5763</c> is refused there.</summary>
    private string? WordNaming(IReadOnlyList<string> words, Endpoint endpoint)
    {
        var port = endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var word in words)
        {
            foreach (var piece in word.Split('=', ','))
            {
                var named = endpoint.Kind == EndpointKind.Tcp
                    ? piece == port || (piece.EndsWith(":" + port, StringComparison.Ordinal) && ListenHostTakes(piece[..^(port.Length + 1)], endpoint))
                    : endpoint.Path is { } path && (piece == path || piece == "unix:" + path || piece == "unix://" + path);
                if (named)
                {
                    return word;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Whether a program told to listen on <paramref name="written"/> (the host of a <c>HOST:PORT</c> word, a scheme before
    /// it allowed) takes a connection made to <paramref name="target"/>. As the kernel takes one (inet_hashtables.c,
    /// inet6_hashtables.c): a socket bound to one address takes only connections made to that address; <c>0.0.0.0</c>,
    /// <c>*</c> or no host every IPv4 one; <c>::</c> every one (IPV6_V6ONLY is off by default on Linux). <c>localhost</c>
    /// is either loopback (Net::Server, Starman's, binds each address the name resolves to); another name, the addresses
    /// the root's /etc/hosts gives it, else not known (taken as taking it). A target written as a name is each address it
    /// resolves to: nginx makes a peer of each (ngx_inet_resolve_host) and tries the next after a refused connect
    /// (ngx_http_upstream_next, <c>proxy_next_upstream error</c> by default), and mod_proxy's ap_proxy_connect_backend
    /// tries each address of the name in turn; so a listener on 127.0.0.1 answers <c>localhost</c>, and one on a LAN
    /// address does not.
    /// </summary>
    private bool ListenHostTakes(string written, Endpoint target)
    {
        var host = written.IndexOf("://", StringComparison.Ordinal) is var scheme and >= 0 ? written[(scheme + 3)..] : written;
        host = host.Trim('"', '\'');
        var bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        if (bare is "" or "*" or "::")
        {
            return true;
        }

        List<string> bound;
        if (Endpoint.IsIpAddress(bare))
        {
            bound = [Endpoint.NormalizeHost(bare)];
        }
        else if (bare.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            bound = ["127.0.0.1", "::1"];
        }
        else if (bare.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-') && Resolution.HostsAddresses(bare) is { Count: > 0 } listed)
        {
            bound = [.. listed];
        }
        else
        {
            // A name DNS answers, a variable, a user:password@ of a URL: where it binds is not known here.
            return true;
        }

        if (ConnectedAddresses(target) is not { } connected)
        {
            // A target name the root does not resolve (DNS answers it): it may be the bound address.
            return true;
        }

        foreach (var address in connected)
        {
            if (bound.Contains(address) || (bound.Contains("0.0.0.0") && !address.Contains(':', StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The addresses a connection to <paramref name="target"/> is made to: each address its name resolves to, or the
    /// address written (the unspecified address is the loopback of its family); null for a name the root does not resolve.</summary>
    private IReadOnlyList<string>? ConnectedAddresses(Endpoint target)
    {
        if (target.WrittenHost is { Length: > 0 } name && !Endpoint.IsIpAddress(name))
        {
            return Resolution.HostsAddresses(name) is { Count: > 0 } resolved ? resolved : null;
        }

        return [target.Host switch { "" or "0.0.0.0" => "127.0.0.1", "::" => "::1", var other => other ?? string.Empty }];
    }

    /// <summary>The one unread program whose own command line or environment names <paramref name="endpoint"/> outright;
    /// null where none or several do.</summary>
    public UnreadProgram? OnlyUnreadProgramNamingOutright(Endpoint endpoint)
    {
        UnreadProgram? only = null;
        foreach (var each in UnreadPrograms)
        {
            if (WordNaming(each.Words, endpoint) is null)
            {
                continue;
            }

            if (only is not null)
            {
                return null;
            }

            only = each;
        }

        return only;
    }

    /// <summary>The names a program's folder in /etc may go by: its binary's file name, that name without a platform suffix
    /// (<c>gotify-linux-amd64</c>: gotify; <c>app_linux_arm64</c>, <c>app.x86_64</c>), and the name of the unit or
    /// supervisord program that runs it (<c>gotify.service</c>: gotify).</summary>
    internal static IEnumerable<string> OwnNames(UnreadProgram program)
    {
        var binary = Path.GetFileName(program.Words[0]);
        yield return binary;
        var stripped = PlatformSuffix.Replace(binary, string.Empty);
        if (stripped.Length > 0 && stripped != binary)
        {
            yield return stripped;
        }

        if (program.Name.Length > 0 && program.Name != binary && program.Name != stripped)
        {
            yield return program.Name;
        }
    }

    private static readonly System.Text.RegularExpressions.Regex PlatformSuffix = new(
        @"(?:[-_.](?:linux|darwin|freebsd|unknown-linux-gnu|unknown-linux-musl|linux-gnu|linux-musl))?[-_.](?:amd64|arm64|x86_64|x86-64|aarch64|armv7l?|armv6l?|armhf|i686|i386|386|x64)(?:[-_.](?:linux|unknown-linux-gnu|unknown-linux-musl|linux-gnu|linux-musl))?$",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    /// <summary>The configuration files (by their endings) of the folder /etc/NAME for a program named NAME: what a program
    /// reads by default without a word of its command line naming it (/etc/ntfy/server.yml, /etc/rstudio/rserver.conf).
    /// Files ConfLint reads as configuration of their own are left out.</summary>
    private IReadOnlyList<string> OwnEtcFiles(string program)
    {
        var name = Path.GetFileName(program);
        if (name.Length < 3 || name.Contains('.'))
        {
            return [];
        }

        // Asked once per target for each program: listed once per run.
        return Shared("HostModel.OwnEtcFiles", this, () => new System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal))
            .GetOrAdd(name, folder => Files.FileSystem.EnumerateEntries("/etc/" + folder)
                .Where(p => UnreadProgramFiles.LooksLikeConfiguration(p) && Files.Exists(p) && Workspace.FindFile(p) is null).ToList());
    }

    /// <summary>The first unread program whose command line or environment names a configuration file (<c>.conf</c>,
    /// <c>.yml</c>, <c>.toml</c>...) that is not in the root: where that program listens is not known, and it may be what a
    /// proxy reaches (an oauth2-proxy in front of the application). Null when every such file is there.</summary>
    /// <param name="mayListen">Which programs may listen at the target at all (at a Unix socket, one that may bind its
    /// path); null for every one.</param>
    public string? UnreadProgramWithUnseenFile(Func<UnreadProgram, bool>? mayListen = null)
    {
        foreach (var program in UnreadPrograms)
        {
            var (who, _, words, _) = program;
            if (UnreadProgramFiles.ServesNoHttp(words) || (mayListen is not null && !mayListen(program)))
            {
                continue;
            }

            if (UnseenFile(words) is { } file)
            {
                return $"{who} runs a program ConfLint does not read, whose file {file} is not in the root";
            }
        }

        return null;
    }

    /// <summary>The unread programs that may serve HTTP (no data store, mail or system daemon, no process manager, no
    /// one-shot job) and whose address nothing in the root names: no port, listen address or socket on their command line
    /// or in their environment, nor in a file they name (RStudio Server's rserver reads /etc/rstudio/rserver.conf by
    /// itself, or takes its 8787 default). Such a program may be what listens at a target.</summary>
    public IEnumerable<UnreadProgram> UnreadProgramsAtUnknownAddresses()
    {
        foreach (var program in UnreadPrograms)
        {
            var words = program.Words;
            if (MayServe(program) && UnreadProgramFiles.DefaultPort(words) is null && !NamesAnAddress(words))
            {
                yield return program;
            }
        }
    }

    /// <summary>Whether an unread program may serve HTTP: it keeps running, and is no data store, mail or system daemon and
    /// no process manager.</summary>
    internal static bool MayServe(UnreadProgram program) =>
        program.Daemon && !UnreadProgramFiles.ServesNoHttp(program.Words) && !UnreadProgramFiles.IsInfrastructure(program.Words) && !UnreadProgramFiles.IsManager(program.Words);

    /// <summary>The first configuration file (<c>.conf</c>, <c>.yml</c>...) an unread program's words name that is not in
    /// the root; null when every such file is there.</summary>
    private string? UnseenFile(IReadOnlyList<string> words) =>
        UnreadProgramFiles.Named(words).FirstOrDefault(file => UnreadProgramFiles.LooksLikeConfiguration(file) && !ReadsAsConfiguration(file) && Files.Read(file) is null);

    /// <summary>Whether an unread program's words, or a file they name (read under the root), name any address.</summary>
    private bool NamesAnAddress(IReadOnlyList<string> words) =>
        UnreadProgramFiles.NamesAnAddress(words) || UnreadProgramFiles.Named(words).Any(file => !ReadsAsConfiguration(file) && UnreadProgramFiles.FileNamesAnAddress(this, file));

    /// <summary>The service that runs a back end: a pool's PHP-FPM service, a vassal's emperor, the service a socket
    /// unit starts, a service itself; null when no service of the root runs it.</summary>
    public ServiceBackEnd? ServiceOf(BackEnd backEnd) => backEnd as ServiceBackEnd ?? _runBy.GetValueOrDefault(backEnd);

    /// <summary>The supervisord program that runs a back end: a pool of the PHP-FPM it runs; null when none does.</summary>
    public Supervisor.SupervisorBackEnd? SupervisorOf(BackEnd backEnd) => _supervisedBy.GetValueOrDefault(backEnd);

    /// <summary>The application server that answers behind a back end, when one is known.</summary>
    public AppServer? AppServerOf(BackEnd backEnd) => backEnd switch
    {
        ServiceBackEnd service => service.Server,
        Supervisor.SupervisorBackEnd program => program.Server,
        Pm2.Pm2BackEnd app => app.Server,
        VassalBackEnd vassal => vassal.Server,
        DebianUwsgiApp app => app.Server,
        SocketBackEnd socket => socket.Service?.Server,
        _ => null,
    };

    /// <summary>The application server whose request limit a front end meets behind a back end: <see cref="AppServerOf"/>,
    /// or, for a Compose service, the application server its container runs (<see cref="Compose.ContainerServers"/>: its
    /// command, through an entrypoint that execs it, with the files it names) where its listeners are known and every TCP
    /// port Docker publishes for it is one that server listens on (so the published port a host front end reaches is
    /// that server's, not a sidecar's). Kept apart from <see cref="AppServerOf"/>: the server's binds are the container's
    /// addresses, which the host's rules must not compare with the host's ports.</summary>
    public AppServer? ServerBehind(BackEnd backEnd)
    {
        if (AppServerOf(backEnd) is { } server)
        {
            return server;
        }

        if (backEnd is not Compose.ComposeBackEnd compose || Compose.ContainerServers.Of(compose.Service, this)?.Server is not { BindsUnknown: false, Binds.Count: > 0 } inside)
        {
            return null;
        }

        var ports = inside.Binds.Where(b => b.Endpoint.Kind == EndpointKind.Tcp).Select(b => b.Endpoint.Port).ToHashSet();
        return compose.Service.Ports.Where(p => p.Published is not null && p.Protocol == "tcp").All(p => ports.Contains(p.Target)) ? inside : null;
    }

    /// <summary>Who a process started by <paramref name="service"/> (or, without one, by the root's init) runs as.</summary>
    public RunAs IdentityOf(ServiceBackEnd? service) => IdentityOfUnit(service?.Unit);

    /// <summary>Who the main process of a unit runs as: its <c>User=</c> (none: root); without a unit, the root's first
    /// process's user in a container, else root as init starts daemons.</summary>
    public RunAs IdentityOfUnit(MergedUnit? unit)
    {
        if (unit is not null)
        {
            // User=%i of a template's instance is the instance's name (systemd expands specifiers there).
            return unit.Get("Service", "User") is { Length: > 0 } written && ConfLint.Workspace.Systemd.UnitSpecifiers.Expand(written.Trim(), unit.Name, out _) is var user
                ? new RunAs(user, unit.Get("Service", "Group") is { Length: > 0 } group ? ConfLint.Workspace.Systemd.UnitSpecifiers.Expand(group.Trim(), unit.Name, out _) : Accounts.PrimaryGroup(user), $"User={user} of {unit.Name}", true)
                : new RunAs("root", "root", $"{unit.Name} has no User=, so it runs as root", true);
        }

        return InitProcess?.Identity(Accounts) ?? RunAs.AssumedRoot;
    }

    /// <summary>The memory a back end's processes may use, and what says so: the host's (a container's limit) or its
    /// service's <c>MemoryMax=</c> when smaller; null when unknown.</summary>
    public (Units.ByteSize? Bytes, string Source) MemoryFor(BackEnd backEnd) =>
        MemoryInfo.ForService(ServiceOf(backEnd)?.MemoryMax, ServiceOf(backEnd)?.UnitName ?? string.Empty);

    internal void SetRunBy(BackEnd backEnd, ServiceBackEnd service) => _runBy[backEnd] = service;

    internal void SetSupervisedBy(BackEnd backEnd, Supervisor.SupervisorBackEnd program) => _supervisedBy[backEnd] = program;
}

/// <summary>A script a service or supervisord runs that runs no listener (<see cref="HostModel.NonServerScripts"/>).</summary>
/// <param name="Who">How messages name who runs it: <c>service 'munin.service'</c>, <c>supervisord program 'worker'</c>.</param>
/// <param name="Script">The script's path.</param>
/// <param name="Why">Why it runs no listener.</param>
/// <param name="Made">The paths its folder-making commands name (<c>mkdir -p /var/run/munin</c>).</param>
public sealed record NonServerScript(string Who, string Script, string Why, IReadOnlyList<string> Made);

/// <summary>A program a service or supervisord runs that ConfLint does not read as a server (<see cref="HostModel.UnreadPrograms"/>).</summary>
/// <param name="Who">How messages name who runs it: <c>service 'rserver.service'</c>, <c>supervisord program 'api'</c>.</param>
/// <param name="Name">The name it goes by: the unit's without its type and instance, or the supervisord program's.</param>
/// <param name="Words">The words of its command lines and of its environment (<c>KEY=value</c>).</param>
/// <param name="Daemon">Whether it keeps running (no <c>Type=oneshot</c> job): only such a program may be listening.</param>
public sealed record UnreadProgram(string Who, string Name, IReadOnlyList<string> Words, bool Daemon)
{
    /// <summary>The unit that runs it, for a service (null for a supervisord program).</summary>
    public MergedUnit? Unit { get; init; }

    /// <summary>The file its command line is written in, and where (the unit's <c>ExecStart=</c>).</summary>
    public ConfigFile? File { get; init; }

    /// <summary>Where its command line is written.</summary>
    public Diagnostics.Location? At { get; init; }

    /// <summary>Where each variable of its environment is set.</summary>
    public IReadOnlyDictionary<string, Diagnostics.Location>? EnvironmentAt { get; init; }

    /// <summary>Whether its unit runs at boot, as the root's links show.</summary>
    public UnitEnablement Enablement { get; init; }
}
