using ConfLint.Host;
using ConfLint.Host.Nginx;
using ConfLint.Syntax;
using ConfLint.Workspace;

namespace ConfLint.Rules.Support;

/// <summary>
/// The host's own web servers and proxies as things that listen: a front end may proxy to a neighbour on the same host
/// (nginx in front of Apache on 127.0.0.1:8080, nginx in front of HAProxy, HAProxy in front of an assets-only nginx
/// server, one nginx server proxying to another). Such a target is not a back end ConfLint compares with, but nothing to
/// report either: where an nginx <c>listen</c>, an Apache <c>Listen</c> or a HAProxy <c>bind</c> of this host covers it
/// (the same port on that very address, or on every address of the target's family; a Unix socket by its path), the
/// target is left unjudged. A server running in a container listens in the container, not here.
/// </summary>
internal static class WebServerListens
{
    /// <summary>Which nginx <c>listen</c> covers <paramref name="endpoint"/> (file and line), or null: the first, in the
    /// order the configurations are read.</summary>
    /// <remarks>As the kernel takes a connection: a socket bound to one address takes only connections made to that address
    /// (127.0.0.1 refuses one to ::1 or 127.0.0.2: inet_hashtables.c, inet6_hashtables.c), <c>0.0.0.0</c> every IPv4 one,
    /// and <c>::</c> every IPv6 one, IPv4 too only where IPV6_V6ONLY is off (<see cref="Family"/>). A connection to the
    /// unspecified address goes to the loopback of its family. A target written as a name (<c>localhost</c>) is covered
    /// where any of its addresses is: nginx and mod_proxy try the next address after a refused connect
    /// (<see cref="HostModel"/>'s AcceptsAnotherAddress). A name neither an address nor resolved here is of no known
    /// family: any wildcard covers it.</remarks>
    public static string? Covering(HostModel host, Endpoint endpoint)
    {
        // Read once per host: each of a large tree's unmatched targets walked all 10,000 servers' settings again.
        var listens = host.Shared(nameof(WebServerListens), host, () => Listens.Of(host));
        if (endpoint.Kind == EndpointKind.Unix)
        {
            return endpoint.Path is { } path && listens.ByPath.TryGetValue(path, out var at) ? Where(at) : null;
        }

        if (endpoint.Kind != EndpointKind.Tcp || !listens.ByPort.TryGetValue(endpoint.Port, out var port))
        {
            return null;
        }

        var first = port.First(Connected(endpoint.Host ?? string.Empty));
        if (endpoint.WrittenHost is { Length: > 0 } name && !Endpoint.IsIpAddress(name))
        {
            foreach (var address in host.Resolution.HostsAddresses(name))
            {
                first = Math.Min(first, port.First(address));
            }
        }

        return first < port.At.Count ? Where(port.At[first]) : null;
    }

    /// <summary>A listen of the host's web servers that another socket collides with: where, which daemon (its unit's usual
    /// names, for whether it starts at boot), and what the message says of it.</summary>
    public sealed record Bound(SyntaxNode Node, ConfigFile File, string Daemon, IReadOnlyList<string> Units, string Said);

    /// <summary>
    /// The listens of the host's web servers whose sockets a socket bound to <paramref name="address"/> port
    /// <paramref name="port"/> cannot be bound beside, in reading order. <paramref name="address"/> is what Docker binds for
    /// a publication: empty for every IPv4 and every IPv6 address (two sockets: 0.0.0.0, and [::] IPv6 only), <c>0.0.0.0</c>,
    /// <c>::</c> (IPv6 only), or one address.
    /// </summary>
    /// <remarks>As Linux binds TCP sockets (inet_csk_bind_conflict, inet_rcv_saddr_equal, ipv6_rcv_saddr_equal): two
    /// listening sockets on one port conflict where their addresses overlap, SO_REUSEADDR notwithstanding (nginx, Apache,
    /// HAProxy and Docker all set it; it lets a port be reused only beside sockets that do not listen): the same address; a
    /// wildcard of a family and any address of that family; an IPv6 wildcard with IPV6_V6ONLY off (a dual-stack socket) and
    /// any IPv4 address too. An IPv6-only wildcard (nginx's <c>listen [::]:80</c>, ipv6only=on by default) leaves IPv4 alone,
    /// and 127.0.0.1 leaves 127.0.0.2 alone. A listen on a name is taken as the loopback's where the name is a loopback's
    /// (<c>localhost</c>), else left out (its addresses are not known here).</remarks>
    public static IReadOnlyList<Bound> Colliding(HostModel host, string address, int port)
    {
        var listens = host.Shared(nameof(WebServerListens), host, () => Listens.Of(host));
        if (!listens.ByPort.TryGetValue(port, out var at))
        {
            return [];
        }

        var bare = Endpoint.NormalizeHost(address);
        var (wildcard, specific) = bare switch
        {
            "" => (Family.V4 | Family.V6, (string?)null),
            "0.0.0.0" => (Family.V4, null),
            "::" => (Family.V6, null),
            _ => (Family.None, bare),
        };
        var found = new List<Bound>();
        for (var i = 0; i < at.At.Count; i++)
        {
            var (listenAddress, listenWildcard) = at.Binds[i];
            if (Overlap(wildcard, specific, listenWildcard, listenAddress))
            {
                found.Add(BoundOf(at.At[i]));
            }
        }

        return found;
    }

    /// <summary>Whether a socket of the first wildcard families (or on <paramref name="address"/>) and one of the second
    /// overlap.</summary>
    private static bool Overlap(Family wildcard, string? address, Family otherWildcard, string otherAddress)
    {
        if ((wildcard & otherWildcard) != Family.None)
        {
            return true;
        }

        string[] others = otherWildcard != Family.None ? [] : Endpoint.IsIpAddress(otherAddress) ? [otherAddress]
            : ComposeTargets.IsLoopback(otherAddress) ? ["127.0.0.1", "::1"] : [];
        if (address is not null && otherWildcard != Family.None)
        {
            return otherWildcard.HasFlag(FamilyOf(address));
        }

        foreach (var other in others)
        {
            if (address is null ? wildcard.HasFlag(FamilyOf(other)) : address == other)
            {
                return true;
            }
        }

        return false;
    }

    private static Family FamilyOf(string address) => address.Contains(':', StringComparison.Ordinal) ? Family.V6 : Family.V4;

    private static Bound BoundOf(Listen at) => at.Daemon switch
    {
        Daemon.Nginx => new(at.Node, at.File, "nginx", ["nginx.service"], $"nginx listens there ({at.File.DisplayPath}:{at.Node.Position.Line})"),
        Daemon.Apache => new(at.Node, at.File, "Apache", ["apache2.service", "httpd.service"], $"Apache listens there ({at.File.DisplayPath}:{at.Node.Position.Line})"),
        _ => new(at.Node, at.File, "HAProxy", ["haproxy.service"], $"HAProxy listens there ({at.File.DisplayPath}:{at.Node.Position.Line})"),
    };

    /// <summary>The address a connection to <paramref name="target"/> reaches: the unspecified address is the loopback of
    /// its family (Linux: <c>ip_route_output_key_hash_rcu</c>, <c>tcp_v6_connect</c>).</summary>
    private static string Connected(string target) => target.Trim('[', ']') switch
    {
        "0.0.0.0" => "127.0.0.1",
        "::" => "::1",
        var other => other,
    };

    /// <summary>Which connections a wildcard listen takes.</summary>
    [Flags]
    internal enum Family
    {
        None = 0,
        V4 = 1,
        V6 = 2,
        Both = V4 | V6,
    }

    /// <summary>The families an nginx <c>listen</c>'s address takes on every address: none written, <c>*</c> or
    /// <c>0.0.0.0</c> is an IPv4 socket; <c>[::]</c> an IPv6 one with IPV6_V6ONLY on, nginx's default since 1.3.4, so IPv4
    /// connections only with <c>ipv6only=off</c> (ngx_http_core_module, "listen ... ipv6only=on|off"; ngx_open_listening_sockets
    /// sets IPV6_V6ONLY). None for an address of its own.</summary>
    internal static Family NginxWildcard(string address, IReadOnlyList<string> args) => address.Trim('[', ']') switch
    {
        "" or "*" or "0.0.0.0" => Family.V4,
        "::" => args.Contains("ipv6only=off") ? Family.Both : Family.V6,
        _ => Family.None,
    };

    private static string Where(Listen at) => at.Daemon switch
    {
        Daemon.Nginx => $"nginx listens there itself ({at.File.DisplayPath}:{at.Node.Position.Line})",
        Daemon.Apache => $"Apache listens there ({at.File.DisplayPath}:{at.Node.Position.Line})",
        _ => $"HAProxy listens there ({at.File.DisplayPath}:{at.Node.Position.Line})",
    };

    private enum Daemon
    {
        Nginx,
        Apache,
        Haproxy,
    }

    /// <summary>One listening line: which daemon's, the line, its file (the line number is read only when reported).</summary>
    private readonly record struct Listen(Daemon Daemon, SyntaxNode Node, ConfigFile File);

    /// <summary>The host's own listens (not a container's), by port and by socket path, each in reading order: nginx's,
    /// then Apache's, then HAProxy's.</summary>
    private sealed class Listens
    {
        public Dictionary<int, PortListens> ByPort { get; } = [];

        public Dictionary<string, Listen> ByPath { get; } = new(StringComparer.Ordinal);

        public void AddPort(int port, string address, Family wildcard, Listen at)
        {
            if (!ByPort.TryGetValue(port, out var list))
            {
                ByPort[port] = list = new PortListens();
            }

            var bare = address.Trim('[', ']');
            list.Add(Endpoint.IsIpAddress(bare) ? Endpoint.NormalizeHost(bare) : bare.ToLowerInvariant(), wildcard, at);
        }

        public static Listens Of(HostModel host)
        {
            var listens = new Listens();
            foreach (var instance in host.Nginx.Where(n => n.MainFile.Container is null))
            {
                foreach (var scope in Servers(instance.Main))
                {
                    foreach (var (directive, file) in scope.Settings)
                    {
                        // A quic listen is a UDP socket (ngx_http_core_listen: SOCK_DGRAM): no TCP target is covered by it.
                        if (directive.Name != "listen" || directive.Args.Count == 0 || Validation.NginxListenCheck.IsQuic(directive.Args))
                        {
                            continue;
                        }

                        var listen = directive.Args[0];
                        var where = new Listen(Daemon.Nginx, directive, file);
                        if (Endpoint.IsUnixAddress(listen))
                        {
                            listens.ByPath.TryAdd(listen["unix:".Length..], where);
                        }
                        else if (Endpoint.TrySplitHostPort(listen, 80, out var address, out var port))
                        {
                            listens.AddPort(port, address, NginxWildcard(address, directive.Args), where);
                        }
                    }
                }
            }

            // Apache's Listen lines of active sections, read as ApacheBackEnds reads them (a port is required, * is every
            // address, one whose variable is not known is left out). A Listen with no address, * or [::] is taken as both
            // families: on Linux APR makes one IPv6 socket that takes IPv4 too (v4-mapped addresses, Apache's
            // --enable-v4-mapped default there); 0.0.0.0 is IPv4 only.
            foreach (var apache in ApacheBackEnds.Of(host))
            {
                var endpoint = apache.Listeners[0].Endpoint;
                var written = Endpoint.TrySplitHostPort(endpoint.Text, -1, out var address, out _) ? address.Trim('[', ']') : "0.0.0.0";
                var wildcard = written switch { "" or "*" or "::" => Family.Both, "0.0.0.0" => Family.V4, _ => Family.None };
                listens.AddPort(endpoint.Port, endpoint.Host ?? string.Empty, wildcard, new Listen(Daemon.Apache, apache.Listen, apache.File));
            }

            foreach (var instance in host.Haproxy.Where(h => h.Files.Count > 0 && h.Files[0].Container is null))
            {
                AddHaproxy(listens, instance);
            }

            return listens;
        }

        /// <summary><c>bind ADDRESS[,ADDRESS...] [param*]</c> in a <c>frontend</c> or <c>listen</c> section: each address an
        /// optional <c>ipv4@</c>/<c>ipv6@</c>/<c>unix@</c> prefix, a socket path, or <c>[host]:port</c> where the port may be
        /// a range and an empty host or <c>*</c> is every address. Other families (abstract sockets, inherited file
        /// descriptors, UDP and QUIC) are not TCP listens a proxy target could mean; a line whose variable is not known
        /// is left out.</summary>
        private static void AddHaproxy(Listens listens, Host.Haproxy.HaproxyInstance instance)
        {
            foreach (var proxy in instance.Proxies)
            {
                if (!proxy.IsFrontend)
                {
                    continue;
                }

                foreach (var setting in proxy.Settings)
                {
                    if (setting.Keyword != "bind" || setting.Unknown || setting.Line.Modifier is not null || setting.Arg(0) is not { } addresses)
                    {
                        continue;
                    }

                    var where = new Listen(Daemon.Haproxy, setting.Line, setting.File);
                    var v6only = setting.Args.Contains("v6only");
                    foreach (var item in addresses.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        AddHaproxyAddress(listens, item, v6only, where);
                    }
                }
            }
        }

        /// <remarks>An empty address or <c>*</c> is IPv4's every address (HAProxy's configuration manual, "bind"); <c>::</c>
        /// is IPv6's, IPv4 too unless <c>v6only</c> is set (HAProxy leaves IPV6_V6ONLY to the system, off on Linux).</remarks>
        private static void AddHaproxyAddress(Listens listens, string item, bool v6only, Listen where)
        {
            var at = item.IndexOf('@', StringComparison.Ordinal);
            var family = at > 0 ? item[..(at + 1)].ToLowerInvariant() : string.Empty;
            var rest = at > 0 ? item[(at + 1)..] : item;
            if (family == "unix@" || (family.Length == 0 && rest.StartsWith('/')))
            {
                listens.ByPath.TryAdd(rest, where);
                return;
            }

            if (family is not ("" or "ipv4@" or "ipv6@"))
            {
                return;
            }

            // The port after the last colon outside brackets: one port or a range.
            var colon = rest.LastIndexOf(':');
            if (colon < 0 || rest.IndexOf(']', StringComparison.Ordinal) > colon)
            {
                return;
            }

            var host = rest[..colon];
            var ports = rest[(colon + 1)..];
            var dash = ports.IndexOf('-', StringComparison.Ordinal);
            if (!int.TryParse(dash < 0 ? ports : ports[..dash], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var first)
                || !int.TryParse(dash < 0 ? ports : ports[(dash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var last)
                || first is <= 0 or > 65535 || last < first || last > 65535)
            {
                return;
            }

            // A range is written to spread a front end over a few ports; a wider one is not read port by port.
            var bare = host.Trim('[', ']');
            var wildcard = bare is "" or "*" or "0.0.0.0" ? (family == "ipv6@" ? Family.Both : Family.V4) : bare == "::" ? (v6only ? Family.V6 : Family.Both) : Family.None;
            for (var port = first; port <= Math.Min(last, first + 1023); port++)
            {
                listens.AddPort(port, host, wildcard, where);
            }
        }

        /// <summary>The server levels, in document order: the walk does not go down into a server (its listens are its
        /// own settings), so a large tree's tens of thousands of locations are not visited.</summary>
        private static List<NginxScope> Servers(NginxScope main)
        {
            var servers = new List<NginxScope>();
            var pending = new Stack<NginxScope>();
            pending.Push(main);
            while (pending.TryPop(out var scope))
            {
                if (scope.IsBlock("server"))
                {
                    servers.Add(scope);
                    continue;
                }

                var children = scope.Children;
                for (var i = children.Count - 1; i >= 0; i--)
                {
                    pending.Push(children[i]);
                }
            }

            return servers;
        }
    }

    /// <summary>The listens on one port, in reading order, with the first of each kind that may cover a target.</summary>
    private sealed class PortListens
    {
        public List<Listen> At { get; } = [];

        /// <summary>What each of <see cref="At"/> binds: its address as written (brackets off, an IP address normalized) and
        /// the families it takes on every address.</summary>
        public List<(string Address, Family Wildcard)> Binds { get; } = [];

        /// <summary>The first listen that takes every IPv4 address, or <c>int.MaxValue</c>.</summary>
        public int FirstWildcard4 { get; private set; } = int.MaxValue;

        /// <summary>The first listen that takes every IPv6 address, or <c>int.MaxValue</c>.</summary>
        public int FirstWildcard6 { get; private set; } = int.MaxValue;

        /// <summary>The first listen on a name that resolves to the loopback (<c>localhost</c>: nginx binds each address a
        /// listen's name resolves to), which may take either family's loopback; or <c>int.MaxValue</c>.</summary>
        public int FirstLoopbackName { get; private set; } = int.MaxValue;

        /// <summary>The first listen on each address as written (brackets taken off, an IP address normalized).</summary>
        public Dictionary<string, int> FirstByHost { get; } = new(StringComparer.Ordinal);

        public void Add(string address, Family wildcard, Listen at)
        {
            var index = At.Count;
            At.Add(at);
            Binds.Add((address, wildcard));
            if (wildcard.HasFlag(Family.V4) && FirstWildcard4 == int.MaxValue)
            {
                FirstWildcard4 = index;
            }

            if (wildcard.HasFlag(Family.V6) && FirstWildcard6 == int.MaxValue)
            {
                FirstWildcard6 = index;
            }

            if (wildcard == Family.None && !Endpoint.IsIpAddress(address) && ComposeTargets.IsLoopback(address) && FirstLoopbackName == int.MaxValue)
            {
                FirstLoopbackName = index;
            }

            FirstByHost.TryAdd(address, index);
        }

        /// <summary>The first listen that takes a connection to <paramref name="address"/> (normalized, brackets off), or
        /// <c>int.MaxValue</c>: one bound to that very address, a wildcard of its family, a name on the loopback for a
        /// loopback address; for a name of no known family, a wildcard of either.</summary>
        public int First(string address)
        {
            var first = FirstByHost.TryGetValue(address, out var exact) ? exact : int.MaxValue;
            if (!Endpoint.IsIpAddress(address))
            {
                return Math.Min(first, Math.Min(FirstWildcard4, FirstWildcard6));
            }

            var v6 = address.Contains(':', StringComparison.Ordinal);
            first = Math.Min(first, v6 ? FirstWildcard6 : FirstWildcard4);
            return ComposeTargets.IsLoopback(address) ? Math.Min(first, FirstLoopbackName) : first;
        }
    }
}
