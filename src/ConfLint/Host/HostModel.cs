using ConfLint.Configuration;
using ConfLint.Host.Apache;
using ConfLint.Host.Nginx;
using ConfLint.Workspace;

namespace ConfLint.Host;

/// <summary>
/// One model of a host's web stack, built from all its files at once: who proxies to which socket or port,
/// who listens where, as which user, with which limits. Rules look things up in its indexes.
/// </summary>
public sealed class HostModel
{
    private readonly Dictionary<string, List<BackEnd>> _byListener = new(StringComparer.Ordinal);
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

    public List<FrontEnd> FrontEnds { get; } = [];

    /// <summary>/etc/passwd and /etc/group under the root, when there.</summary>
    public HostAccounts Accounts { get; internal set; } = new();

    /// <summary>Names /etc/hosts maps to fixed addresses (read under --root): resolving them once is harmless.</summary>
    public HashSet<string> StaticHostNames { get; } = new(StringComparer.OrdinalIgnoreCase) { "localhost" };

    public List<BackEnd> BackEnds { get; } = [];

    public IEnumerable<T> BackEndsOf<T>()
        where T : BackEnd => BackEnds.OfType<T>();

    /// <summary>The back ends that accept a connection to <paramref name="endpoint"/>.</summary>
    public IReadOnlyList<BackEnd> Providers(Endpoint endpoint)
    {
        if (endpoint.Kind == EndpointKind.Unix)
        {
            return _byListener.GetValueOrDefault("unix:" + endpoint.CanonicalPath) ?? (IReadOnlyList<BackEnd>)[];
        }

        if (endpoint.Kind != EndpointKind.Tcp)
        {
            return [];
        }

        var found = new List<BackEnd>();
        foreach (var backEnd in _byListener.GetValueOrDefault("tcp:" + endpoint.Port) ?? [])
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
                var key = listener.Endpoint.Kind == EndpointKind.Unix ? "unix:" + listener.Endpoint.CanonicalPath : "tcp:" + listener.Endpoint.Port;
                if (listener.Endpoint.Kind is EndpointKind.Unix or EndpointKind.Tcp)
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
}
