using ConfLint.Host;
using ConfLint.Host.Nginx;

namespace ConfLint.Rules.Support;

/// <summary>
/// The host's own nginx as something that listens: a front end (HAProxy, Varnish's neighbour, another nginx server)
/// may proxy to an nginx <c>server</c> of the same host (an assets-only server on 127.0.0.1:8080). Such a target is
/// not a back end ConfLint compares with, but nothing to report either: where an nginx <c>listen</c> of this host
/// covers it (the same port on that address, on every address, or on the loopback for a loopback target; a Unix
/// socket by its path), the target is left unjudged. nginx running in a container listens in the container, not here.
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

        if (IsLoopback(target) && port.FirstLoopback < first)
        {
            first = port.FirstLoopback;
        }

        return first < port.At.Count ? Where(port.At[first]) : null;
    }

    private static string Where((Syntax.Nginx.NginxDirective Directive, Workspace.ConfigFile File) at) =>
        $"nginx listens there itself ({at.File.DisplayPath}:{at.Directive.Position.Line})";

    /// <summary>The host's own nginx listens (not a container's), by port and by socket path, each in reading order.</summary>
    private sealed class Listens
    {
        public Dictionary<int, PortListens> ByPort { get; } = [];

        public Dictionary<string, (Syntax.Nginx.NginxDirective Directive, Workspace.ConfigFile File)> ByPath { get; } = new(StringComparer.Ordinal);

        public static Listens Of(HostModel host)
        {
            var listens = new Listens();
            foreach (var instance in host.Nginx.Where(n => n.MainFile.Container is null))
            {
                foreach (var scope in Servers(instance.Main))
                {
                    foreach (var (directive, file) in scope.Settings)
                    {
                        if (directive.Name != "listen" || directive.Args.Count == 0)
                        {
                            continue;
                        }

                        var listen = directive.Args[0];
                        var where = (directive, file);
                        if (listen.StartsWith("unix:", StringComparison.Ordinal))
                        {
                            listens.ByPath.TryAdd(listen["unix:".Length..], where);
                        }
                        else if (Endpoint.TrySplitHostPort(listen, 80, out var address, out var port))
                        {
                            if (!listens.ByPort.TryGetValue(port, out var list))
                            {
                                listens.ByPort[port] = list = new PortListens();
                            }

                            list.Add(address switch { "[::]" => "::", "[::1]" => "::1", _ => address.Trim('[', ']') }, where);
                        }
                    }
                }
            }

            return listens;
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
        public List<(Syntax.Nginx.NginxDirective Directive, Workspace.ConfigFile File)> At { get; } = [];

        /// <summary>The first listen on every address ("*", "0.0.0.0", "::" or none written), or <c>int.MaxValue</c>.</summary>
        public int FirstWildcard { get; private set; } = int.MaxValue;

        /// <summary>The first listen on a loopback address, or <c>int.MaxValue</c>.</summary>
        public int FirstLoopback { get; private set; } = int.MaxValue;

        /// <summary>The first listen on each address as written (brackets taken off).</summary>
        public Dictionary<string, int> FirstByHost { get; } = new(StringComparer.Ordinal);

        public void Add(string address, (Syntax.Nginx.NginxDirective Directive, Workspace.ConfigFile File) at)
        {
            var index = At.Count;
            At.Add(at);
            if (address is "" or "*" or "0.0.0.0" or "::" && FirstWildcard == int.MaxValue)
            {
                FirstWildcard = index;
            }

            if (IsLoopback(address) && FirstLoopback == int.MaxValue)
            {
                FirstLoopback = index;
            }

            FirstByHost.TryAdd(address, index);
        }
    }

    private static bool IsLoopback(string host) => host is "localhost" or "::1" || host.StartsWith("127.", StringComparison.Ordinal);
}
