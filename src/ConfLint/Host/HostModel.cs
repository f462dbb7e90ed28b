using ConfLint.Configuration;
using ConfLint.Host.Apache;
using ConfLint.Host.Haproxy;
using ConfLint.Host.Nginx;
using ConfLint.Host.Tomcat;
using ConfLint.Units;
using ConfLint.Workspace;

namespace ConfLint.Host;

/// <summary>
/// One model of a host's web stack, built from all its files at once: who proxies to which socket or port,
/// who listens where, as which user, with which limits. Rules look things up in its indexes.
/// </summary>
public sealed class HostModel
{
    private readonly Dictionary<ListenKey, List<BackEnd>> _byListener = [];
    private readonly Dictionary<BackEnd, List<FrontEnd>> _reachedBy = [];

    internal HostModel(ConfigWorkspace workspace, ConfLintConfig config)
    {
        Workspace = workspace;
        Config = config;
    }

    public ConfigWorkspace Workspace { get; }

    public ConfLintConfig Config { get; }

    public List<NginxInstance> Nginx { get; } = [];

    public List<ApacheInstance> Apache { get; } = [];

    public List<HaproxyInstance> Haproxy { get; } = [];

    public List<TomcatInstance> Tomcat { get; } = [];

    public List<FrontEnd> FrontEnds { get; } = [];

    /// <summary>/etc/passwd and /etc/group under the root, when there.</summary>
    public HostAccounts Accounts { get; internal set; } = new();

    /// <summary>Names /etc/hosts maps to fixed addresses (read under --root): resolving them once is harmless.</summary>
    public HashSet<string> StaticHostNames { get; } = new(StringComparer.OrdinalIgnoreCase) { "localhost" };

    /// <summary>The first <c>nameserver</c> of /etc/resolv.conf under the root (an IPv6 one in brackets), when there is one.</summary>
    public string? Nameserver { get; internal set; }

    /// <summary>The host's memory: <c>host.memory</c> of .conflint.yml, else MemTotal of /proc/meminfo under the root.</summary>
    public ByteSize? Memory { get; internal set; }

    public List<BackEnd> BackEnds { get; } = [];

    public IEnumerable<T> BackEndsOf<T>()
        where T : BackEnd => BackEnds.OfType<T>();

    /// <summary>The back ends that accept a connection to <paramref name="endpoint"/>.</summary>
    public IReadOnlyList<BackEnd> Providers(Endpoint endpoint)
    {
        if (ListenKey.Of(endpoint) is not { } key)
        {
            return [];
        }

        if (endpoint.Kind == EndpointKind.Unix)
        {
            return _byListener.GetValueOrDefault(key) ?? (IReadOnlyList<BackEnd>)[];
        }

        var found = new List<BackEnd>();
        foreach (var backEnd in _byListener.GetValueOrDefault(key) ?? [])
        {
            if (backEnd.Listeners.Any(l => l.Endpoint.Accepts(endpoint)) && !found.Contains(backEnd))
            {
                found.Add(backEnd);
            }
        }

        return found;
    }

    /// <summary>The front ends that reach a back end.</summary>
    public IReadOnlyList<FrontEnd> ReachedBy(BackEnd backEnd) => _reachedBy.GetValueOrDefault(backEnd) ?? (IReadOnlyList<FrontEnd>)[];

    internal void Index()
    {
        _byListener.Clear();
        _reachedBy.Clear();
        foreach (var backEnd in BackEnds)
        {
            foreach (var listener in backEnd.Listeners)
            {
                if (ListenKey.Of(listener.Endpoint) is { } key)
                {
                    var list = _byListener.TryGetValue(key, out var existing) ? existing : _byListener[key] = [];
                    if (!list.Contains(backEnd))
                    {
                        list.Add(backEnd);
                    }
                }
            }
        }

        foreach (var frontEnd in FrontEnds)
        {
            foreach (var target in frontEnd.Targets)
            {
                foreach (var backEnd in Providers(target.Endpoint))
                {
                    var list = _reachedBy.TryGetValue(backEnd, out var existing) ? existing : _reachedBy[backEnd] = [];
                    if (!list.Contains(frontEnd))
                    {
                        list.Add(frontEnd);
                    }
                }
            }
        }
    }

    /// <summary>How listeners are indexed: a socket by its path (<c>/var/run</c> as <c>/run</c>), TCP by its port
    /// (whether the address accepts is checked after).</summary>
    private readonly record struct ListenKey(EndpointKind Kind, string? Path, int Port)
    {
        public static ListenKey? Of(Endpoint endpoint) => endpoint.Kind switch
        {
            EndpointKind.Unix => new ListenKey(EndpointKind.Unix, endpoint.CanonicalPath, 0),
            EndpointKind.Tcp => new ListenKey(EndpointKind.Tcp, null, endpoint.Port),
            _ => null,
        };
    }
}
