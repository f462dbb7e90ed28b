using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.Compose;
using ConfLint.Host.PhpFpm;
using ConfLint.Syntax;

namespace ConfLint.Rules.Support;

/// <summary>
/// Whether pointing a front end's target at a listener of the back end it is meant for (CL001's fix for a target nothing
/// listens on: another port or socket path in an nginx pass or upstream server, an Apache <c>ProxyPass</c> or
/// <c>BalancerMember</c>, a variable's <c>set</c>) leaves a site that works there. The one place that decides it: a move is
/// safe only where nothing below is in doubt, and each doubt is said in the fix's words.
/// <list type="bullet">
/// <item>The back end has several listeners the site could be sent to (a Compose service publishing 8000 and 9443): which one
/// is meant is not known. The nearest one not known to fail is the destination, and every one is named.</item>
/// <item>The pass keeps its scheme, and the listener's TLS (<see cref="EndpointSite.Tls"/>) disagrees with it: TLS to a plain
/// HTTP listener fails the handshake (a 502), plain HTTP to a TLS-only one gets 400s. Where every pass that uses the target can
/// be rewritten (the target's own scheme, or each <c>proxy_pass</c> of an nginx upstream with no other server), the move
/// writes the listener's scheme too: a plain one leaves nothing in doubt; a TLS one is still the operator's (the
/// certificate, Apache's <c>SSLProxyEngine</c>), and the other remedy, the back end serving plain HTTP, is said.</item>
/// <item>Behind a port Docker publishes, what the container serves is known only from the image table
/// (<see cref="ComposeBackEnd.ServedAt"/>); unknown there, or no web server's (Portainer's Edge tunnel on 8000), the move is
/// not certain.</item>
/// <item>A socket whose folder is not known to be there (<see cref="SocketFolders"/>) cannot be bound: pointing the front
/// end at it changes one 502 for another (unless another front end reaches that socket already: then the site does as that
/// one does). A path written relative to the folder the program runs in (puma's
/// <c>unix://run/ledger/puma.sock</c>: binder.rb takes host and path after <c>unix://</c>, so two slashes begin a relative
/// path) is said so; where its absolute form is the target and that folder is known, the fix writes the bind absolute
/// instead.</item>
/// <item>A back end the root does not show started (<see cref="StartDoubts"/>: a socket unit no link enables and no running
/// unit pulls in, a service that needs a masked unit, a unit naming an account the host lacks): the site may find nothing
/// there.</item>
/// </list>
/// </summary>
internal static class TargetMoves
{
    /// <summary>A move and what stands in its way.</summary>
    /// <param name="Listener">Where it points the front end.</param>
    /// <param name="Candidates">Every listener of the back end the site could be sent to.</param>
    /// <param name="Doubts">Why the site may still fail there, each said for the fix ("two listeners...").</param>
    /// <param name="Notes">What the finding's message says besides (a relative socket path).</param>
    public sealed record Move(EndpointSite Listener, IReadOnlyList<EndpointSite> Candidates, IReadOnlyList<string> Doubts, IReadOnlyList<string> Notes)
    {
        /// <summary>The scheme the passes are written with after the move, where it changes (<c>http</c>); null where kept.</summary>
        public string? Scheme { get; init; }

        /// <summary>The passes that carry <see cref="Scheme"/> for an nginx upstream's server: their edits; empty where the
        /// target is written with its own scheme (its own edit takes it).</summary>
        public IReadOnlyList<FileEdit> SchemeEdits { get; init; } = [];

        /// <summary>Said in the fix where <see cref="Scheme"/> changes: "write https:// in proxy_pass http://myapp".</summary>
        public string? SchemeSaid { get; init; }

        /// <summary>Why the back end has no listener to point the front end at (each is a port a web server of this host binds
        /// too), for the fix's words; null where the move has a destination. Where set, no move is offered.</summary>
        public string? Nowhere { get; init; }

        /// <summary>A fix in place of the move: the back end's relative socket path written absolute.</summary>
        public Fix? Instead { get; init; }

        /// <summary>Whether the site works after the move, as far as the configuration shows.</summary>
        public bool Works => Doubts.Count == 0;

        /// <summary>The doubts, for the end of a fix's words ("; but ..."), or empty.</summary>
        public string Said => Doubts.Count == 0 ? string.Empty : "; but " + string.Join("; and ", Doubts);
    }

    public static Move Judge(HostModel host, FrontEnd frontEnd, EndpointSite target, BackEnd backEnd)
    {
        var listeners = UnmatchedTargets.ByDistance(backEnd, target.Endpoint, host);
        // A publication whose host address a web server of this host binds too is not up as far as the site can count on:
        // never a destination, and said.
        var held = Held(host, backEnd, listeners);
        var candidates = Candidates(frontEnd, target, backEnd, listeners.Where(l => !held.ContainsKey(l)).ToList());
        EndpointSite? listener = null;
        foreach (var candidate in candidates)
        {
            if (Refused(frontEnd, target, backEnd, candidate) is null)
            {
                listener = candidate;
                break;
            }
        }

        listener ??= candidates.Count > 0 ? candidates[0] : listeners[0];
        var doubts = new List<string>();
        var notes = new List<string>();
        // Every listener a web server of this host binds as well: the only destinations left are the front end's own ports
        // (a site sent to 127.0.0.1:443 from nginx's own listen 443 reaches nginx again: a loop, not the container).
        if (candidates.Count == 0 && held.Count > 0)
        {
            foreach (var (_, said) in held)
            {
                notes.Add(said);
            }

            var ports = string.Join(", ", held.Keys.Select(l => l.Endpoint.Port).Distinct().Order());
            return new Move(listener, candidates, [.. held.Values], notes)
            {
                Nowhere = $"every port Docker publishes for {backEnd.Describe()} ({ports}) is one a web server of this host binds as well: a site pointed there may reach that web server instead of the container (where it is the front end itself, a loop back into it); "
                    + $"publish the container's port on a host port no web server of this host binds (ports: of {backEnd.Describe()} in its Compose file) and point {frontEnd.DirectiveName} there",
            };
        }

        foreach (var (publication, said) in held)
        {
            notes.Add(said);
            if (ReferenceEquals(publication, listener))
            {
                doubts.Add(said);
            }
        }

        if (ConventionalTls(backEnd, listener, frontEnd, target) is { } tlsPort)
        {
            doubts.Add(tlsPort);
        }

        if (Unlike(host, backEnd, candidates, listener))
        {
            var named = string.Join(", ", candidates.Select(Said));
            // Taken for its scheme by its container port's convention alone (the container's 443 for an https:// pass, its 80
            // being plain HTTP's): said, the scheme being no more than that.
            var front = UnmatchedTargets.FrontEndTls(frontEnd, target);
            var taken = front != TlsFact.Unknown && listener.Tls == TlsFact.Unknown && ConventionalScheme(backEnd, listener) == front
                && candidates.Any(c => SchemeRank(backEnd, c, front) > 1)
                ? $"; {ConnectAddress(listener.Endpoint).Describe()} is taken for {(front == TlsFact.Yes ? "TLS" : "plain HTTP")}, as {frontEnd.DirectiveName} {frontEnd.Target.Text} speaks, by its container port's convention only"
                : string.Empty;
            doubts.Add($"{backEnd.Describe()} listens on {candidates.Count} addresses the site could be sent to ({named}): which one is meant is not known{taken}");
            notes.Add($"it listens on {candidates.Count} addresses: {named}");
        }

        if (SamePortElsewhere(host, backEnd, listener, target.Endpoint) is { } elsewhere)
        {
            notes.Add(elsewhere);
        }

        if (ForeignAddress(host, listener) is { } foreign)
        {
            doubts.Add(foreign);
            notes.Add(foreign);
        }

        if (TomcatSocketAccess(backEnd, listener) is { } access)
        {
            doubts.Add(access);
        }

        // A back end the root does not show started (a socket unit no link enables, a service needing a masked unit).
        if (StartDoubts.Of(host, backEnd) is { } notStarted)
        {
            doubts.Add(notStarted);
        }

        var move = new Move(listener, candidates, doubts, notes);
        move = Served(move, frontEnd, target, backEnd, doubts);
        move = Tls(host, frontEnd, target, backEnd, move, doubts);
        return Folder(host, frontEnd, target, backEnd, move, doubts, notes);
    }

    /// <summary>
    /// Why the web server may not be let into a Tomcat connector's Unix socket: connect() needs write permission on it, and
    /// Tomcat sets the socket's permissions only where <c>unixDomainSocketPathPermissions</c> is written
    /// (NioEndpoint.initServerSocket); otherwise the bind leaves the mode to the process's umask (catalina.sh's
    /// <c>UMASK</c>, 0027 unless set: no write for others). A move there is sure only where the written permissions let
    /// everyone write (CL003 judges the owner and group). Null for any other listener.
    /// </summary>
    private static string? TomcatSocketAccess(BackEnd backEnd, EndpointSite listener)
    {
        if (backEnd is not Host.Tomcat.TomcatInstance tomcat || listener.Endpoint.Kind != EndpointKind.Unix
            || tomcat.ConnectorOf(listener) is not { SocketPath: not null } connector)
        {
            return null;
        }

        return connector.SocketPermissions is not { } permissions
            ? $"the connector writes no unixDomainSocketPathPermissions, so the socket's mode comes from Tomcat's umask (catalina.sh's UMASK, 0027 unless set), which may leave the web server no write permission (connect: Permission denied)"
            : permissions.Value is { Length: 9 } written && written[7] == 'w' ? null
            : $"unixDomainSocketPathPermissions=\"{permissions.Value}\" lets only the socket's owner and group write to it: whether the web server may connect is its user's and groups' to say";
    }

    /// <summary>Where the move keeps the target's port and changes its address only
    /// (<see cref="UnmatchedTargets.AtPortElsewhere(HostModel, BackEnd, EndpointSite, Endpoint)"/>), why the port as written
    /// reaches nothing, for the message; null otherwise.</summary>
    private static string? SamePortElsewhere(HostModel host, BackEnd backEnd, EndpointSite listener, Endpoint target)
    {
        if (!UnmatchedTargets.AtPortElsewhere(host, backEnd, listener, target))
        {
            return null;
        }

        var bound = UnmatchedTargets.AtPortElsewhere(host, backEnd, target).Select(l => l.Endpoint.Host!).Distinct().ToList();
        return $"it binds port {target.Port} on {string.Join(" and ", bound)} only, and a connection to {target.Host} does not reach a socket bound to another address";
    }

    /// <summary>
    /// Why a listener bound to one address (not a loopback, not a wildcard) may not be there at all: a program can bind only
    /// an address of its own host (bind() fails with EADDRNOTAVAIL: Tomcat then runs with no HTTP connector, gunicorn
    /// exits), and a site sent to another machine's address reaches that machine. Where the root shows this host's
    /// addresses (/etc/network/interfaces, netplan, the hosts file's line for /etc/hostname) and the address is not one of
    /// them, the program cannot listen there; where it shows none, whether the host has it is not known. Either way the
    /// move is no safe fix. Null for a socket, a loopback, a wildcard or one of the host's own addresses.
    /// </summary>
    private static string? ForeignAddress(HostModel host, EndpointSite listener)
    {
        var endpoint = listener.Endpoint;
        if (endpoint.Kind != EndpointKind.Tcp || endpoint.Host is not { Length: > 0 } address || endpoint.IsLoopback || endpoint.IsWildcardHost
            || host.Resolution.OwnAddresses.ContainsKey(address))
        {
            return null;
        }

        var own = host.Resolution.OwnAddresses.Keys.Order(StringComparer.Ordinal).ToList();
        return host.Resolution.RootKnown && !host.Resolution.IsContainer && own.Count > 0
            ? $"it binds {address}, which is not an address of this host ({string.Join(", ", own)}): it cannot listen there, and a site sent there reaches another machine or nothing"
            : $"it binds {address}, and whether this host has that address is not known";
    }

    /// <summary>Whether another of <paramref name="candidates"/> may be a different server than <paramref name="chosen"/>:
    /// listeners of one program are the same server only where each speaks a known protocol, the same, with the same TLS
    /// (a uWSGI application's two <c>socket</c>s, gunicorn's two binds), and the program's listeners are not separate servers
    /// (MinIO's API and console). A published port of a Compose service speaks what the image serves there, unknown unless
    /// the image table says.</summary>
    private static bool Unlike(HostModel host, BackEnd backEnd, List<EndpointSite> candidates, EndpointSite chosen)
    {
        if (candidates.Count < 2)
        {
            return false;
        }

        var separate = host.AppServerOf(backEnd)?.SeparateServers == true;
        var protocol = ProtocolOf(backEnd, chosen);
        foreach (var candidate in candidates)
        {
            if (!ReferenceEquals(candidate, chosen) && (separate || protocol == BackendProtocol.Other || ProtocolOf(backEnd, candidate) != protocol || candidate.Tls != chosen.Tls))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The Compose publications among <paramref name="listeners"/> whose host address a web server of this host binds as well
    /// (an nginx <c>listen</c>, an Apache <c>Listen</c>, a HAProxy <c>bind</c> that takes connections there:
    /// <see cref="WebServerListens.Covering"/>), each with what the message says. Two programs cannot listen on overlapping
    /// addresses of one port: whichever starts second fails to bind (Docker: "bind: address already in use", the container is
    /// not started; nginx: "bind() to 0.0.0.0:80 failed (98: Address already in use)"), and which one that is depends on the
    /// order they start. So the publication is known not to be the container's, and is no destination for a move. A
    /// publication on every address is checked on both loopbacks (Docker binds 0.0.0.0 and [::]).
    /// </summary>
    internal static Dictionary<EndpointSite, string> Held(HostModel host, BackEnd backEnd, IReadOnlyList<EndpointSite> listeners)
    {
        var held = new Dictionary<EndpointSite, string>(ReferenceEqualityComparer.Instance);
        if (backEnd is not ComposeBackEnd compose)
        {
            return held;
        }

        foreach (var listener in listeners)
        {
            if (listener.Endpoint is not { Kind: EndpointKind.Tcp, Host: { } address, Port: var port })
            {
                continue;
            }

            Endpoint[] probes = address switch
            {
                "" => [Endpoint.Tcp("127.0.0.1", port), Endpoint.Tcp("::1", port)],
                "0.0.0.0" => [Endpoint.Tcp("127.0.0.1", port)],
                "::" => [Endpoint.Tcp("::1", port)],
                _ => [listener.Endpoint],
            };
            foreach (var probe in probes)
            {
                if (WebServerListens.Covering(host, probe) is { } covering)
                {
                    held[listener] = $"Docker publishes port {port} for {compose.Describe()} ({listener.File.DisplayPath}:{listener.Location.Start.Line}) where a web server of this host binds it too: {covering}; "
                        + "whichever of the two starts second fails to bind it (address already in use: the container is not started, or the web server does not start), which one depends on the order they start, so the site cannot count on the container there";
                    break;
                }
            }
        }

        return held;
    }

    /// <summary>Where <paramref name="listener"/>'s scheme is known by convention only, the pass's scheme against it: a plain
    /// HTTP pass to a port conventionally HTTPS's, a TLS one to a port conventionally plain HTTP's; the why, or null.</summary>
    private static string? ConventionalTls(BackEnd backEnd, EndpointSite listener, FrontEnd frontEnd, EndpointSite target)
    {
        var front = UnmatchedTargets.FrontEndTls(frontEnd, target);
        var port = backEnd is ComposeBackEnd compose ? ContainerPort(compose, listener) : "?";
        return ConventionalScheme(backEnd, listener) switch
        {
            TlsFact.Yes when front != TlsFact.Yes => $"port {port} of the container is HTTPS's by convention: {backEnd.Describe()} may serve TLS there, or nothing (its HTTPS off), and a plain HTTP pass would get a 400 or a refused connection",
            TlsFact.No when front == TlsFact.Yes => $"port {port} of the container is plain HTTP's by convention: where {backEnd.Describe()} serves plain HTTP there, {frontEnd.DirectiveName} {frontEnd.Target.Text} opening TLS fails the handshake (SSL_do_handshake() failed: wrong version number, a 502)",
            _ => null,
        };
    }

    /// <summary>
    /// The TLS a Compose publication's container port has by convention alone, where the image table does not say what the
    /// image serves there (<see cref="ComposeBackEnd.ServedAt"/>): 443 and 8443 are HTTPS's (the official nginx image's
    /// configurations, Dify's, MISP's and the like listen there with <c>ssl</c>, or not at all with HTTPS off; Tomcat's and
    /// Keycloak's TLS connector), 80 and 8080 plain HTTP's. Evidence enough to rank a move, never to call it safe. Unknown
    /// for any other listener.
    /// </summary>
    internal static TlsFact ConventionalScheme(BackEnd backEnd, EndpointSite listener) =>
        backEnd is not ComposeBackEnd compose || compose.ServedAt(listener) is not null ? TlsFact.Unknown
        : ContainerPort(compose, listener) switch
        {
            "443" or "8443" => TlsFact.Yes,
            "80" or "8080" => TlsFact.No,
            _ => TlsFact.Unknown,
        };

    /// <summary>The protocol <paramref name="listener"/> of <paramref name="backEnd"/> speaks: its own where known, FastCGI for
    /// a PHP-FPM pool's, else not known.</summary>
    internal static BackendProtocol ProtocolOf(BackEnd backEnd, EndpointSite listener) =>
        listener.Protocol != BackendProtocol.Other ? listener.Protocol : backEnd is FpmPool ? BackendProtocol.FastCgi : BackendProtocol.Other;

    /// <summary>The listeners a site speaking the front end's protocol could be sent to, one per address it connects to
    /// (a wildcard's IPv4 and IPv6 listeners are one, a link to a socket is the socket), nearest first.</summary>
    private static List<EndpointSite> Candidates(FrontEnd frontEnd, EndpointSite target, BackEnd backEnd, List<EndpointSite> listeners)
    {
        var spoken = target.Protocol != BackendProtocol.Other ? target.Protocol : frontEnd.Protocol;
        var seen = new HashSet<(EndpointKind, string?, int)>();
        var list = new List<EndpointSite>();
        foreach (var listener in listeners)
        {
            var connect = ConnectAddress(listener.Endpoint);
            var protocol = ProtocolOf(backEnd, listener);
            if (connect.Kind is not (EndpointKind.Tcp or EndpointKind.Unix) || (listener.LinkTo is { } link && listeners.Contains(link))
                || (protocol != BackendProtocol.Other && spoken != BackendProtocol.Other && !UnmatchedTargets.Understands(protocol, spoken)))
            {
                continue;
            }

            if (seen.Add((connect.Kind, connect.Kind == EndpointKind.Unix ? connect.CanonicalPath : connect.Host, connect.Port)))
            {
                list.Add(listener);
            }
        }

        // The scheme the site is sent with orders them (a stable order otherwise, the nearest first).
        var front = UnmatchedTargets.FrontEndTls(frontEnd, target);
        return [.. list.OrderBy(l => SchemeRank(backEnd, l, front))];
    }

    /// <summary>
    /// How well <paramref name="listener"/>'s TLS fits the front end's (<paramref name="front"/>), lower first: known to speak
    /// it (<see cref="EndpointSite.Tls"/>), by convention only (<see cref="ConventionalScheme"/>), not known, the other by
    /// convention, the other known. An https:// pass is so sent to the container's 443 before its 80 (where a TLS handshake
    /// fails: "SSL_do_handshake() failed ... wrong version number", a 502), a plain one to its 80 before its 443. Where the
    /// front end's TLS is not known, only a port conventionally HTTPS's ranks below the rest.
    /// </summary>
    private static int SchemeRank(BackEnd backEnd, EndpointSite listener, TlsFact front)
    {
        var conventional = ConventionalScheme(backEnd, listener);
        if (front == TlsFact.Unknown)
        {
            return conventional == TlsFact.Yes ? 1 : 0;
        }

        return listener.Tls == front ? 0
            : listener.Tls != TlsFact.Unknown ? 4
            : conventional == front ? 1
            : conventional == TlsFact.Unknown ? 2
            : 3;
    }

    /// <summary>Why the site is known to fail at <paramref name="listener"/> as the pass is written: the image serves no HTTP
    /// there, or the TLS of the two sides differs; null otherwise.</summary>
    private static string? Refused(FrontEnd frontEnd, EndpointSite target, BackEnd backEnd, EndpointSite listener)
    {
        if (backEnd is ComposeBackEnd compose && compose.ServedAt(listener) is { Http: false } other)
        {
            return other.Describe();
        }

        var front = UnmatchedTargets.FrontEndTls(frontEnd, target);
        return front != TlsFact.Unknown && listener.Tls != TlsFact.Unknown && listener.Tls != front ? "TLS" : null;
    }

    /// <summary>A Compose service's published port: what the image serves behind it must be known, and be HTTP.</summary>
    private static Move Served(Move move, FrontEnd frontEnd, EndpointSite target, BackEnd backEnd, List<string> doubts)
    {
        if (backEnd is not ComposeBackEnd compose)
        {
            return move;
        }

        var port = ContainerPort(compose, move.Listener);
        if (compose.ServedAt(move.Listener) is not { } served)
        {
            var image = compose.Service.Image?.Value;
            var why = compose.Service.Build ? "it is built from a Dockerfile"
                : image is null ? "it names no image"
                : compose.ImageServing is null && Knowledge.ImageTable.Instance.Find(image) is { Serves.Count: > 0 } ? $"its command or entrypoint may move what {image} serves"
                : $"ConfLint's image table does not say what {image} serves there";
            var expected = UnmatchedTargets.FrontEndTls(frontEnd, target) switch
            {
                TlsFact.Yes => "HTTPS",
                TlsFact.No => "plain HTTP",
                _ => "what the front end speaks",
            };
            doubts.Add($"what {compose.Describe()} serves on port {port} of its container is not known ({why}): check that it serves {expected} there");
        }
        else if (!served.Http)
        {
            doubts.Add($"behind port {port} of the container {compose.ImageServing!.Image} serves {served.Describe()}");
        }

        return move;
    }

    /// <summary>The container port Docker publishes at <paramref name="listener"/>, or "?" where it cannot be told.</summary>
    private static string ContainerPort(ComposeBackEnd compose, EndpointSite listener)
    {
        foreach (var port in compose.Service.Ports)
        {
            if (ReferenceEquals(port.At.File, listener.File) && port.At.Location.Span == listener.Location.Span)
            {
                return port.Target.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return "?";
    }

    /// <summary>The pass's scheme against the listener's TLS; the scheme written with the move where that is determined.</summary>
    private static Move Tls(HostModel host, FrontEnd frontEnd, EndpointSite target, BackEnd backEnd, Move move, List<string> doubts)
    {
        var listener = move.Listener;
        var front = UnmatchedTargets.FrontEndTls(frontEnd, target);
        if (front == TlsFact.Unknown || listener.Tls == TlsFact.Unknown || listener.Tls == front)
        {
            return move;
        }

        var pass = $"{frontEnd.DirectiveName} {frontEnd.Target.Text}";
        var written = target.Target?.Scheme ?? frontEnd.Target.Scheme;
        var rescheme = Rescheme(host, frontEnd, target, toTls: listener.Tls == TlsFact.Yes);
        var said = rescheme is { } r ? $"write {r.Scheme}:// in " + (r.Edits.Count > 1 ? $"the {r.Edits.Count} passes that use it" : pass)
            + (listener.Tls == TlsFact.No ? $", as it speaks plain HTTP there ({listener.TlsEvidence})" : string.Empty) : null;
        if (listener.Tls == TlsFact.No)
        {
            // TLS to a plain listener: the plain scheme is the one remedy, where every pass can take it.
            if (rescheme is null)
            {
                doubts.Add($"{pass} opens TLS ({written}://) where {backEnd.Describe()} speaks plain HTTP ({listener.TlsEvidence}): the handshake would fail (a 502) unless each pass that uses it speaks plain HTTP too, which is not written here");
            }
        }
        else
        {
            var nginx = frontEnd.Daemon == ConfigKind.Nginx;
            var other = backEnd is ComposeBackEnd { ImageServing: { } image } compose && image.Serves.FirstOrDefault(s => s.Protocol == "http") is { } plain
                ? $"publish port {plain.Port} of the container (where {image.Image} serves plain HTTP) in the Compose file of {compose.Describe()}, and point the site there"
                : $"make {backEnd.Describe()} serve plain HTTP there";
            var secure = Swap(written ?? "http", toTls: true) ?? "https";
            doubts.Add($"{backEnd.Describe()} serves TLS only there ({listener.TlsEvidence}), where {pass} speaks plain HTTP (the back end would answer 400): either the pass speaks {secure}:// as well ("
                + (rescheme is null ? string.Empty : "written with this fix; ")
                + (nginx ? "nginx verifies no certificate unless proxy_ssl_verify is on" : "with SSLProxyEngine on for its virtual host")
                + $"), or {other}: which one is meant is not known");
        }

        return rescheme is { } change ? move with { Scheme = change.Scheme, SchemeEdits = change.Edits, SchemeSaid = said } : move;
    }

    /// <summary>The scheme that opens TLS (<paramref name="toTls"/>) or not in every pass that uses <paramref name="target"/>,
    /// with the edits, where that is determined: the target's own scheme (a pass that names the address, an Apache
    /// balancer member), or, for an nginx upstream's server, the scheme written in each pass that uses it, where the
    /// upstream has no other server and no pass's target holds a variable. Null otherwise.</summary>
    private static (string Scheme, List<FileEdit> Edits)? Rescheme(HostModel host, FrontEnd frontEnd, EndpointSite target, bool toTls)
    {
        if (frontEnd.Target.Syntax == ProxyTargetSyntax.Haproxy || target.Through is not null || frontEnd.Target.HasVariable)
        {
            return null;
        }

        if (target.Target?.Scheme is { } own)
        {
            return Swap(own, toTls) is { } scheme ? (scheme, []) : null;
        }

        if (frontEnd.Daemon != ConfigKind.Nginx)
        {
            return null;
        }

        string? to = null;
        var edits = new List<FileEdit>();
        var passes = new HashSet<SyntaxNode>(ReferenceEqualityComparer.Instance);
        foreach (var pass in host.FrontEnds)
        {
            if (!Uses(pass, target) || !passes.Add(pass.Directive))
            {
                continue;
            }

            var token = pass.TargetToken.Value;
            if (pass.Targets.Count != 1 || pass.Target.HasVariable || pass.Target is not { SchemeText: { } text, Scheme: { } scheme }
                || Swap(scheme, toTls) is not { } swapped || (to is not null && to != swapped) || !token.StartsWith(text + "://", StringComparison.Ordinal))
            {
                return null;
            }

            to = swapped;
            edits.Add(Edits.ReplaceValue(pass.File, pass.TargetToken, swapped + token[text.Length..]));
        }

        return to is null ? null : (to, edits);
    }

    private static bool Uses(FrontEnd pass, EndpointSite target)
    {
        var targets = pass.Targets;
        for (var i = 0; i < targets.Count; i++)
        {
            if (ReferenceEquals(targets[i], target) || (targets[i].Location.File == target.Location.File && targets[i].Location.Span == target.Location.Span))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The scheme that reaches the same back end with TLS (<c>http</c> to <c>https</c>) or without it.</summary>
    private static string? Swap(string scheme, bool toTls)
    {
        if (!toTls)
        {
            return UnmatchedTargets.TlsSchemes.TryGetValue(scheme, out var plain) ? plain : null;
        }

        foreach (var (tls, plain) in UnmatchedTargets.TlsSchemes)
        {
            if (plain == scheme)
            {
                return tls;
            }
        }

        return null;
    }

    /// <summary><paramref name="text"/> with its first <c>from://</c> written <c>to://</c>.</summary>
    public static string WithScheme(string text, string from, string to)
    {
        var at = text.IndexOf(from + "://", StringComparison.OrdinalIgnoreCase);
        return at < 0 ? text : text[..at] + to + text[(at + from.Length)..];
    }

    /// <summary>A socket's folder must be known to be there; a path written relative is said so.</summary>
    private static Move Folder(HostModel host, FrontEnd frontEnd, EndpointSite target, BackEnd backEnd, Move move, List<string> doubts, List<string> notes)
    {
        var listener = move.Listener;
        if (ConnectAddress(listener.Endpoint) is not { Kind: EndpointKind.Unix, Path: { } path } || SocketFolders.Known(host, backEnd, path) is not null)
        {
            return move;
        }

        // Another front end already reaches that very socket: whether its folder is there is no doubt of this move (the
        // site then fails or works exactly as that one does), and a missing folder would be the back end's own mistake.
        if (UnmatchedTargets.ListenerReached(host, backEnd, listener))
        {
            return move;
        }

        var folder = SocketFolders.FolderOf(path);
        var program = host.AppServerOf(backEnd)?.Program ?? backEnd.Describe();
        var service = host.ServiceOf(backEnd);
        var missing = $"nothing shows that {folder} exists (the root does not hold it, and no {(service is null ? "unit's RuntimeDirectory=" : $"RuntimeDirectory= of {service.UnitName}")} or tmpfiles.d line makes it): {program} cannot create the socket there (bind: No such file or directory), so the site would fail there too";
        if (Relative(listener) is not var (written, absolute, from))
        {
            doubts.Add(missing);
            return move;
        }

        notes.Add($"{program} takes '{written}' as a path relative to the folder it runs in, {from}" + (written.StartsWith("unix://", StringComparison.Ordinal) ? " (after unix://, a path without a leading / is relative)" : string.Empty)
            + $", so it would bind {path}; nothing shows that {folder} exists, and bind() fails there (No such file or directory)");
        var meant = target.Endpoint.Kind == EndpointKind.Unix && Endpoint.CanonicalizeRunPath(absolute) == target.Endpoint.CanonicalPath;
        var prefix = written.StartsWith("unix://", StringComparison.Ordinal) ? "unix://" : written.StartsWith("unix:", StringComparison.Ordinal) ? "unix:" : string.Empty;
        var rewritten = prefix + absolute;
        var how = meant ? SocketFolders.Known(host, backEnd, absolute) : null;
        doubts.Add(missing + (meant ? $"; {absolute}, where the front end points, is what '{rewritten}' would bind" + (how is null ? string.Empty : $" ({how})") : string.Empty));
        if (how is null || listener.Location.Source is not { } source || listener.Location.File != listener.File.Id
            || source.Text.Substring(listener.Location.Span.Start, listener.Location.Span.Length) != written)
        {
            return move;
        }

        var what = ReferenceEquals(target.DefinedAt, frontEnd.Directive) ? frontEnd.DirectiveName : "the upstream server";
        var edit = Edits.Replace(listener.File, listener.Location.Span, rewritten);
        var title = $"Bind {absolute}, where {what} points: '{rewritten}' for '{written}' in {listener.File.DisplayPath}:{listener.Location.Start.Line} ('{written}' is relative to {from}; {how})"
            + (service is null ? string.Empty : $", then restart {service.UnitName}") + "; or create " + folder + " and point the front end at " + path + ": check which is meant";
        return move with { Instead = new Fix(title, Applicability.Unsafe, [edit]) };
    }

    /// <summary>The listener's socket as written where it is a relative path (<c>unix://run/ledger/puma.sock</c>,
    /// <c>unix:app.sock</c>, <c>app.sock</c>): the word, the path made absolute from <c>/</c>, and the folder it was taken
    /// from; null for a path written absolute, or a listener whose words cannot be told.</summary>
    private static (string Written, string Absolute, string From)? Relative(EndpointSite listener)
    {
        if (listener.Endpoint.Path is not { } path || listener.Location.Source is not { } source || listener.Location.Span.End > source.Text.Length)
        {
            return null;
        }

        var written = source.Text.Substring(listener.Location.Span.Start, listener.Location.Span.Length).Trim('"', '\'');
        var rest = written.StartsWith("unix://", StringComparison.Ordinal) ? written["unix://".Length..]
            : written.StartsWith("unix:", StringComparison.Ordinal) ? written["unix:".Length..]
            : written;
        if (rest.Length == 0 || rest.StartsWith('/') || rest.Contains(' ', StringComparison.Ordinal) || rest.Contains('=', StringComparison.Ordinal))
        {
            return null;
        }

        var absolute = HostFiles.Absolute(rest, null);
        return path.Length > absolute.Length && path.EndsWith(absolute, StringComparison.Ordinal) ? (written, absolute, path[..^absolute.Length]) : null;
    }

    /// <summary>A listener for a list: its address and how it was found.</summary>
    private static string Said(EndpointSite listener)
    {
        var connect = ConnectAddress(listener.Endpoint);
        return (connect.Kind == EndpointKind.Unix ? "unix:" + connect.Path : connect.Describe()) + (listener.Note is { } note ? $" ({note})" : string.Empty);
    }

    /// <summary>Where a front end connects to reach a listener: the listener itself, or 127.0.0.1 for a wildcard.</summary>
    public static Endpoint ConnectAddress(Endpoint listener) =>
        listener.Kind == EndpointKind.Unix || !listener.IsWildcardHost ? listener : Endpoint.Tcp("127.0.0.1", listener.Port);
}
