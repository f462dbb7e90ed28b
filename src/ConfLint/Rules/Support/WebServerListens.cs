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
/// (the same port on that address, on every address, or on the loopback for a loopback target; a Unix socket by its
/// path), the target is left unjudged. A server running in a container listens in the container, not here.
/// </summary>
internal static class WebServerListens
{
    /// <summary>Which nginx <c>listen</c> covers <paramref name="endpoint"/> (file and line), or null: the first, in the
    /// order the configurations are read.</summary>
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

        // The first listen on that port that covers the target: on every address, on the target's own, or on the
        // loopback for a loopback target.
        var target = (endpoint.Host ?? string.Empty).Trim('[', ']');
        var first = port.FirstWildcard;
        if (port.FirstByHost.TryGetValue(target, out var exact) && exact < first)
        {
            first = exact;
        }

        if (ComposeTargets.ConnectsToLoopback(target) && port.FirstLoopback < first)
        {
            first = port.FirstLoopback;
        }

        return first < port.At.Count ? Where(port.At[first]) : null;
    }

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

        public void AddPort(int port, string address, Listen at)
        {
            if (!ByPort.TryGetValue(port, out var list))
            {
                ByPort[port] = list = new PortListens();
            }

            list.Add(address switch { "[::]" => "::", "[::1]" => "::1", _ => address.Trim('[', ']') }, at);
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
                            listens.AddPort(port, address, where);
                        }
                    }
                }
            }

            // Apache's Listen lines of active sections, read as ApacheBackEnds reads them (a port is required, * is every
            // address, one whose variable is not known is left out).
            foreach (var apache in ApacheBackEnds.Of(host))
            {
                var endpoint = apache.Listeners[0].Endpoint;
                listens.AddPort(endpoint.Port, endpoint.Host ?? string.Empty, new Listen(Daemon.Apache, apache.Listen, apache.File));
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
                    foreach (var item in addresses.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        AddHaproxyAddress(listens, item, where);
                    }
                }
            }
        }

        private static void AddHaproxyAddress(Listens listens, string item, Listen where)
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
            for (var port = first; port <= Math.Min(last, first + 1023); port++)
            {
                listens.AddPort(port, host, where);
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

        /// <summary>The first listen on every address ("*", "0.0.0.0", "::" or none written), or <c>int.MaxValue</c>.</summary>
        public int FirstWildcard { get; private set; } = int.MaxValue;

        /// <summary>The first listen on a loopback address, or <c>int.MaxValue</c>.</summary>
        public int FirstLoopback { get; private set; } = int.MaxValue;

        /// <summary>The first listen on each address as written (brackets taken off).</summary>
        public Dictionary<string, int> FirstByHost { get; } = new(StringComparer.Ordinal);

        public void Add(string address, Listen at)
        {
            var index = At.Count;
            At.Add(at);
            if (address is "" or "*" or "0.0.0.0" or "::" && FirstWildcard == int.MaxValue)
            {
                FirstWildcard = index;
            }

            if (ComposeTargets.IsLoopback(address) && FirstLoopback == int.MaxValue)
            {
                FirstLoopback = index;
            }

            FirstByHost.TryAdd(address, index);
        }
    }
}
