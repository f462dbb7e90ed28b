using ConfLint.Host;
using ConfLint.Host.Nginx;
using ConfLint.Workspace;

namespace ConfLint.Rules.Support;

/// <summary>
/// One <c>server</c> of the host's own nginx on a port other than 80 and 443, as the back end another server's proxy may
/// have meant: one server proxying to another of the same nginx, the two ports drifted apart (LibreTime's installer renders
/// its site to <c>listen 8081</c> from its <c>.env</c>, the TLS site in front still sends to <c>localhost:8080</c>: every
/// request refused, a 502). Not a back end of the host model: offered to CL001 only for a target nothing listens on, only
/// where no proxy of the host reaches it, and only where the configuration ties it to the front end
/// (<see cref="NginxServerBackEnds.Evidence"/>). One listener per port: the address a proxy connects to there (127.0.0.1
/// for an IPv4 wildcard; ::1 where only <c>[::]</c> listens, nginx's IPV6_V6ONLY default refusing IPv4 there).
/// </summary>
internal sealed class NginxServerBackEnd : BackEnd
{
    public NginxServerBackEnd(NginxScope server, ConfigFile file, string where)
        : base("nginx", file)
    {
        Server = server;
        Where = where;
    }

    /// <summary>The <c>server</c> level.</summary>
    public NginxScope Server { get; }

    /// <summary>The file and line of its <c>server</c> block.</summary>
    public string Where { get; }

    /// <summary>Its <c>server_name</c>s (any case).</summary>
    public HashSet<string> Names { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Its <c>root</c>s, trailing slash off.</summary>
    public HashSet<string> Roots { get; } = new(StringComparer.Ordinal);

    /// <summary>The name of its file without <c>.conf</c> (normalized), where it is an application's (not nginx's own).</summary>
    public string? Stem { get; init; }

    /// <summary>Whether every listen it is offered for is on a loopback address: a server only a local proxy can reach,
    /// where a wildcard one may be a site of its own on another port (Open edX's Studio on 18010).</summary>
    public bool LoopbackOnly { get; set; } = true;

    /// <summary>Whether it answers with nginx's status page (<c>stub_status</c>): a monitoring server, no application.</summary>
    public bool Status { get; init; }

    /// <summary>The pass by which it sends every request on to another server (<c>location /</c>'s <c>proxy_pass</c>, or
    /// the named location its <c>try_files</c> falls back to), said with its file and line; null where it does not. Such a
    /// server is a front end itself, not the application a proxy in front of it was meant for.</summary>
    public string? ProxiesAll { get; init; }

    public override BackendProtocol Protocol => BackendProtocol.Http;

    public override string Describe() => $"nginx's server at {Where}";
}

internal static class NginxServerBackEnds
{
    /// <summary>The servers and whether some proxy of the host reaches each: read once per host.</summary>
    private sealed record Servers(List<NginxServerBackEnd> All, HashSet<NginxServerBackEnd> Reached, bool OtherUnreached);

    private static Servers Of(HostModel host) => host.Shared(nameof(NginxServerBackEnds), host, () => Read(host));

    /// <summary>The servers the configuration ties to <paramref name="frontEnd"/> (<see cref="Evidence"/>) that no proxy of
    /// the host reaches, for an nginx or HAProxy front end speaking HTTP: never the proxying server itself (nginx listens
    /// in the same process: a listen of its own is no back end).</summary>
    /// <remarks>Only for a TCP target: a server's port is no answer for a socket path a proxy lost (a Varnish socket in
    /// front of the same server).</remarks>
    public static IEnumerable<BackEnd> Tied(HostModel host, FrontEnd frontEnd, Endpoint target)
    {
        if (target.Kind != EndpointKind.Tcp || frontEnd.Details is not (NginxPass or Host.Haproxy.HaproxyPass)
            || frontEnd.Protocol is not (BackendProtocol.Http or BackendProtocol.Other) || frontEnd.File.Container is not null)
        {
            yield break;
        }

        var servers = Of(host);
        foreach (var server in servers.All)
        {
            if (!servers.Reached.Contains(server) && !Own(frontEnd, server) && Evidence(host, frontEnd, server) is not null)
            {
                yield return server;
            }
        }
    }

    private static bool Own(FrontEnd frontEnd, NginxServerBackEnd server) =>
        frontEnd.Details is NginxPass { Scope.Server: { } own } && ReferenceEquals(own, server.Server);

    /// <summary>The tie of a server only by elimination (<see cref="Evidence"/>'s last): the one meant as far as the root
    /// shows, but an internal site (an admin or metrics page on the loopback) fits it as well as the application's, so a
    /// fix pointing the proxy there is never certain.</summary>
    public const string ByElimination = "it is the host's only nginx server on a port of its own, no proxy reaches it, and no other back end is left unreached";

    /// <summary>What ties <paramref name="server"/> to <paramref name="frontEnd"/>: a <c>server_name</c> the front end's
    /// server answers to too; a file named for the front end's site (<c>libretime.conf</c> and <c>server_name
    /// libretime.example.org</c> or <c>libretime.example.org.conf</c>); the folder both serve (not a package's default); or,
    /// where the host has no other back end left unreached and no other such server, being the only one, on the loopback
    /// only (not a status page, not a site of its own on a public port). Null where nothing does.</summary>
    public static string? Evidence(HostModel host, FrontEnd frontEnd, NginxServerBackEnd server)
    {
        // A server that proxies every request on is another front end of the site, not its application.
        if (Own(frontEnd, server) || server.ProxiesAll is not null)
        {
            return null;
        }

        var names = FrontEndSurroundings.Names(frontEnd);
        foreach (var name in names)
        {
            if (ApacheBackEnds.IsSiteName(name) && server.Names.Contains(name))
            {
                return $"'{name}' is the server_name of {server.Describe()} too";
            }
        }

        if (server.Stem is { } stem)
        {
            foreach (var name in names.Append(Path.GetFileName(frontEnd.File.ServerPath)))
            {
                if (name.Split('.', '-', '_').Any(part => SameApplication.Normalize(part) == stem) && !ReferenceEquals(frontEnd.File, server.File))
                {
                    return $"its file {server.File.DisplayPath} is named for '{name}', as the front end is";
                }
            }
        }

        foreach (var folder in FrontEndSurroundings.Folders(frontEnd))
        {
            if (folder.TrimEnd('/') is { Length: > 0 } root && !ApacheBackEnds.DefaultRoots.Contains(root) && server.Roots.Contains(root))
            {
                return $"both servers serve {root}";
            }
        }

        var servers = Of(host);
        if (!server.Status && server.LoopbackOnly && !servers.OtherUnreached && servers.All.Count(s => !Own(frontEnd, s)) == 1 && !servers.Reached.Contains(server))
        {
            return ByElimination;
        }

        return null;
    }

    private static Servers Read(HostModel host)
    {
        var all = new List<NginxServerBackEnd>();
        var byPort = new Dictionary<int, List<(NginxServerBackEnd Server, EndpointSite Listener)>>();
        foreach (var instance in host.Nginx.Where(n => n.MainFile.Container is null))
        {
            var pending = new Stack<NginxScope>();
            pending.Push(instance.Main);
            while (pending.TryPop(out var scope))
            {
                if (!scope.IsBlock("server"))
                {
                    for (var i = scope.Children.Count - 1; i >= 0; i--)
                    {
                        pending.Push(scope.Children[i]);
                    }

                    continue;
                }

                if (Server(scope) is { } server)
                {
                    all.Add(server);
                    foreach (var listener in server.Listeners)
                    {
                        var list = byPort.TryGetValue(listener.Endpoint.Port, out var existing) ? existing : byPort[listener.Endpoint.Port] = [];
                        list.Add((server, listener));
                    }
                }
            }
        }

        // Reached: a target at one of its ports that its listen takes; a name (localhost) at its port counts, its addresses
        // being tried in turn. One pass over the targets, each a lookup by port.
        var reached = new HashSet<NginxServerBackEnd>(ReferenceEqualityComparer.Instance);
        if (byPort.Count > 0)
        {
            foreach (var frontEnd in host.FrontEnds)
            {
                foreach (var target in frontEnd.Targets)
                {
                    if (target.Endpoint.Kind == EndpointKind.Tcp && byPort.TryGetValue(target.Endpoint.Port, out var at))
                    {
                        foreach (var (server, listener) in at)
                        {
                            if (listener.Endpoint.Accepts(target.Endpoint) || target.Endpoint.WrittenHost is { } name && !Endpoint.IsIpAddress(name))
                            {
                                reached.Add(server);
                            }
                        }
                    }
                }
            }
        }

        // A program ConfLint does not read that may serve at an address nothing read names (PM2 whose apps are not read) is
        // a back end left unreached as far as the root shows: no server is the only one left.
        var otherUnreached = all.Count > 0 && (host.BackEnds.Any(b => b is not Host.PhpFpm.FpmPool && b.Listeners.Count > 0 && host.ReachedBy(b).Count == 0)
            || UnmatchedTargets.UnreadAtUnknownAddress(host) is not null);
        return new Servers(all, reached, otherUnreached);
    }

    /// <summary>The server as a back end, with one listener per port other than 80 and 443 that it takes plain HTTP on;
    /// null where it has none. A <c>quic</c> listen is UDP, an <c>ssl</c> one speaks TLS, a socket path is no port, and a
    /// listen on another address of the host is left out.</summary>
    private static NginxServerBackEnd? Server(NginxScope scope)
    {
        if (scope.File is not { } file || scope.Directive is not { } block)
        {
            return null;
        }

        // nginx before 1.25.1 took `ssl on;` for every listen of the server (ngx_http_ssl_module): none of them speaks plain HTTP.
        if (scope.Own("ssl") is { Directive.Args: [var on] } && on.Equals("on", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var stem = Path.GetFileName(file.ServerPath);
        stem = SameApplication.Normalize(stem.EndsWith(".conf", StringComparison.Ordinal) ? stem[..^5] : stem);
        var server = new NginxServerBackEnd(scope, file, $"{file.DisplayPath}:{block.Position.Line}")
        {
            Stem = stem.Length >= 3 && !SameApplication.DaemonFileNames.Contains(stem) ? stem : null,
            Status = scope.SelfAndDescendants().Any(s => s.Settings.Any(d => d.Directive.Name == "stub_status")),
            ProxiesAll = ProxiesAll(scope),
        };
        var ports = new Dictionary<int, (Endpoint Endpoint, Syntax.Nginx.NginxDirective Directive, ConfigFile File, int Rank)>();
        foreach (var (directive, at) in scope.Settings)
        {
            switch (directive.Name)
            {
                case "server_name":
                    server.Names.UnionWith(directive.Args);
                    break;
                case "root" when directive.Args.Count > 0 && directive.Args[0].TrimEnd('/') is { Length: > 0 } root:
                    server.Roots.Add(root);
                    break;
                case "listen" when directive.Args.Count > 0 && !Validation.NginxListenCheck.IsQuic(directive.Args) && !directive.Args.Contains("ssl")
                    && !Endpoint.IsUnixAddress(directive.Args[0]) && Endpoint.TrySplitHostPort(directive.Args[0], 80, out var address, out var port) && port is not (80 or 443):
                    // Where a proxy connects to reach it: IPv4's loopback where it takes IPv4, else IPv6's; an address of its own.
                    var bare = address.Trim('[', ']');
                    var family = WebServerListens.NginxWildcard(address, directive.Args);
                    var (connect, rank) = family.HasFlag(WebServerListens.Family.V4) ? ("0.0.0.0", 0)
                        : bare.StartsWith("127.", StringComparison.Ordinal) ? (bare, 1)
                        : family.HasFlag(WebServerListens.Family.V6) || bare == "::1" ? ("::1", 2)
                        : (null, 3);
                    server.LoopbackOnly &= rank is 1 or 2 && family == WebServerListens.Family.None;
                    if (connect is not null && (!ports.TryGetValue(port, out var kept) || rank < kept.Rank))
                    {
                        ports[port] = (Endpoint.Tcp(connect, port), directive, at, rank);
                    }

                    break;
            }
        }

        if (ports.Count == 0)
        {
            return null;
        }

        foreach (var (_, (endpoint, directive, at, _)) in ports.OrderBy(p => p.Key))
        {
            var token = directive.Arguments[0];
            server.Listeners.Add(new EndpointSite(endpoint, at, token.Location, directive)
            {
                Protocol = BackendProtocol.Http,
                Token = token,
                Tls = TlsFact.No,
                TlsEvidence = $"{at.DisplayPath}:{directive.Position.Line} listens without ssl",
            });
        }

        return server;
    }

    /// <summary>The passes that send a request on to another server (not <c>fastcgi_pass</c>: a FastCGI application, PHP,
    /// is served by this server itself).</summary>
    private static readonly string[] Passes = ["proxy_pass", "uwsgi_pass", "scgi_pass", "grpc_pass"];

    /// <summary>The pass by which <paramref name="server"/> sends every request on: a pass in <c>location /</c> (or
    /// <c>^~ /</c>), or in the named location that <c>location /</c>'s <c>try_files</c> ends with (its last parameter is the
    /// fallback every request no file answers goes to: ngx_http_try_files_module), said; null where it has none.</summary>
    private static string? ProxiesAll(NginxScope server)
    {
        NginxScope? root = null;
        Dictionary<string, NginxScope>? named = null;
        foreach (var child in server.Children)
        {
            if (child.Directive is not { Name: "location" } location)
            {
                continue;
            }

            switch (location.Args)
            {
                case ["/"] or ["^~", "/"]:
                    root ??= child;
                    break;
                case [var name] when name.StartsWith('@'):
                    (named ??= new(StringComparer.Ordinal)).TryAdd(name, child);
                    break;
            }
        }

        if (root is null)
        {
            return null;
        }

        if (Pass(root) is { } pass)
        {
            return pass;
        }

        return root.Own("try_files") is { Directive.Args: [.., var last] } && last.StartsWith('@') && named?.GetValueOrDefault(last) is { } fallback ? Pass(fallback) : null;

        static string? Pass(NginxScope location)
        {
            foreach (var name in Passes)
            {
                if (location.Own(name) is { } pass)
                {
                    return $"{name} {string.Join(' ', pass.Directive.Args)} ({pass.File.DisplayPath}:{pass.Directive.Position.Line})";
                }
            }

            return null;
        }
    }
}
