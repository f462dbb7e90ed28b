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
public sealed partial class HostModel
{
    private readonly Dictionary<ListenKey, List<BackEnd>> _byListener = [];
    private readonly Dictionary<BackEnd, List<FrontEnd>> _reachedBy = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Purpose, object Key), object?> _shared = new(SharedKey.Comparer);

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

    /// <summary>How the host resolves names (hosts file, resolv.conf, container), read under --root.</summary>
    public HostResolution Resolution { get; internal set; } = new();

    /// <summary>A judgement several rules (or one rule, again and again) make of the same model object
    /// (<paramref name="key"/>, compared by reference), worked out once per host under <paramref name="purpose"/>: rules
    /// run in parallel, so two may both work it out the first time, and one result is kept.</summary>
    public T Shared<T>(string purpose, object key, Func<T> make) where T : class? =>
        (T)_shared.GetOrAdd((purpose, key), static (_, make) => make(), make)!;

    /// <summary><see cref="Shared{T}(string, object, Func{T})"/> made from the key itself: a static function makes no
    /// closure for each call (the rules ask for thousands).</summary>
    public T Shared<TKey, T>(string purpose, TKey key, Func<TKey, T> make) where TKey : class where T : class? =>
        (T)_shared.GetOrAdd((purpose, key), static (entry, make) => make((TKey)entry.Key), make)!;

    private sealed class SharedKey : IEqualityComparer<(string Purpose, object Key)>
    {
        public static readonly SharedKey Comparer = new();

        public bool Equals((string Purpose, object Key) x, (string Purpose, object Key) y) =>
            ReferenceEquals(x.Key, y.Key) && string.Equals(x.Purpose, y.Purpose, StringComparison.Ordinal);

        public int GetHashCode((string Purpose, object Key) key) =>
            HashCode.Combine(key.Purpose.GetHashCode(StringComparison.Ordinal), System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(key.Key));
    }

    /// <summary>How names resolve where <paramref name="file"/> is read: in the container it is mounted into, else on the host.</summary>
    public HostResolution ResolutionFor(ConfigFile file)
    {
        if (file.Container is not { } container)
        {
            return Resolution;
        }

        lock (_containerResolutions)
        {
            if (!_containerResolutions.TryGetValue(container.Service, out var found))
            {
                found = HostResolution.ForContainer(container.Project, container.Service);
                _containerResolutions[container.Service] = found;
            }

            return found;
        }
    }

    private readonly Dictionary<Workspace.Compose.ComposeService, HostResolution> _containerResolutions = [];

    /// <summary>The memory the host's processes may use: <c>host.memory</c> of .conflint.yml, else MemTotal of /proc/meminfo under
    /// the root, capped by a container's cgroup limit (<see cref="MemoryInfo"/>).</summary>
    public ByteSize? Memory { get; internal set; }

    public List<BackEnd> BackEnds { get; } = [];

    /// <summary>The back ends of one kind, in model order. A list kept for each kind (made again if back ends were added
    /// since): a LINQ iterator here would make every caller's <c>.Select</c> a generic virtual call, which the native
    /// executable resolves through its type loader.</summary>
    public IReadOnlyList<T> BackEndsOf<T>()
        where T : BackEnd
    {
        lock (_backEndsByKind)
        {
            if (_backEndsByKind.TryGetValue(typeof(T), out var kept) && kept.Count == BackEnds.Count)
            {
                return (List<T>)kept.List;
            }

            var list = new List<T>();
            foreach (var backEnd in BackEnds)
            {
                if (backEnd is T one)
                {
                    list.Add(one);
                }
            }

            _backEndsByKind[typeof(T)] = (BackEnds.Count, list);
            return list;
        }
    }

    private readonly Dictionary<Type, (int Count, object List)> _backEndsByKind = [];

    /// <summary>The back ends that accept a connection to <paramref name="endpoint"/>. Where several claim it and they are
    /// told apart by the root's links, some started at boot and the others provably not (<see cref="BootState"/>: a service,
    /// or the PHP-FPM service that runs a pool, that no <c>.wants/</c> or <c>.requires/</c> link, no enabled unit's
    /// <c>Wants=</c>/<c>Requires=</c> and no socket, timer or path unit starts, and that no other manager runs:
    /// <see cref="ConfLint.Workspace.Systemd.UnitEnablement.Disabled"/>), the ones that start: only they run after a
    /// reboot, and the port or socket is theirs. A pool left in the old version's pool.d after a PHP upgrade
    /// (<c>systemctl disable php8.3-fpm</c>, the pool file kept) is no provider beside the new version's. Where every
    /// claimant is provably off, or one's state is not known (no unit in the root, a container), all of them are.</summary>
    public IReadOnlyList<BackEnd> Providers(Endpoint endpoint)
    {
        var claimants = Claimants(endpoint);
        return claimants.Count < 2 || !_anyDisabled ? claimants : Running(claimants);
    }

    /// <summary>The back ends among <paramref name="claimants"/> that start at boot, when the others provably do not.</summary>
    private IReadOnlyList<BackEnd> Running(IReadOnlyList<BackEnd> claimants)
    {
        var enabled = 0;
        var disabled = 0;
        for (var i = 0; i < claimants.Count; i++)
        {
            switch (BootState(claimants[i]))
            {
                case ConfLint.Workspace.Systemd.UnitEnablement.Enabled:
                    enabled++;
                    break;
                case ConfLint.Workspace.Systemd.UnitEnablement.Disabled:
                    disabled++;
                    break;
                default:
                    return claimants;
            }
        }

        if (enabled == 0 || disabled == 0)
        {
            return claimants;
        }

        var running = new List<BackEnd>(enabled);
        for (var i = 0; i < claimants.Count; i++)
        {
            if (BootState(claimants[i]) == ConfLint.Workspace.Systemd.UnitEnablement.Enabled)
            {
                running.Add(claimants[i]);
            }
        }

        return running;
    }

    /// <summary>
    /// Whether a back end starts at boot as the root's links show: a service's own enablement; a PHP-FPM pool's, a vassal's
    /// or a socket's service's (<see cref="ServiceOf"/>: php-fpm loads every pool of its configuration when the service
    /// starts, and none when it does not). Not known where no service of the root runs it (a container, a pool whose master
    /// the root does not start), where supervisord runs it too (a manager the links say nothing of), and for a socket unit
    /// (which systemd listens on in its service's place).
    /// </summary>
    private ConfLint.Workspace.Systemd.UnitEnablement BootState(BackEnd backEnd) =>
        backEnd is Systemd.SocketBackEnd || SupervisorOf(backEnd) is not null ? ConfLint.Workspace.Systemd.UnitEnablement.Unknown
            : ServiceOf(backEnd)?.Enablement ?? ConfLint.Workspace.Systemd.UnitEnablement.Unknown;

    /// <summary>Whether <paramref name="backEnd"/> provably does not start at boot (<see cref="BootState"/>): a pool of the
    /// PHP version the operator moved away from, its service disabled. Where others of its kind do start, it is no
    /// candidate for a target either: pointing a front end at it reaches nothing after a reboot.</summary>
    public bool ProvablyOff(BackEnd backEnd) => BootState(backEnd) == ConfLint.Workspace.Systemd.UnitEnablement.Disabled;

    private bool _anyDisabled;

    /// <summary>Every back end that listens where <paramref name="endpoint"/> connects, running or not (see <see cref="Providers"/>).</summary>
    public IReadOnlyList<BackEnd> Claimants(Endpoint endpoint)
    {
        if (KeyOf(endpoint) is not { } key)
        {
            return [];
        }

        if (endpoint.Kind == EndpointKind.Unix)
        {
            return _byListener.GetValueOrDefault(key) ?? (IReadOnlyList<BackEnd>)[];
        }

        if (_byListener.GetValueOrDefault(key) is not { } candidates)
        {
            return [];
        }

        // Loops rather than a lambda and a list for each call: the model asks this for each of a large tree's targets. The
        // candidates hold each back end once (Index), so where all of them accept (nearly always) they are the answer
        // itself; a list is made only from the first that does not.
        // An address written out (127.0.0.1, the host's own) is the host's: a server inside a container is not there
        // (BackEnd.ContainerNetwork). A name is kept: InReachOfContainer judges which container answers it.
        var hostAddress = endpoint.Host is { } written && (written.Length == 0 || Endpoint.IsIpAddress(written));
        List<BackEnd>? found = null;
        for (var i = 0; i < candidates.Count; i++)
        {
            var backEnd = candidates[i];
            if ((hostAddress && backEnd.ContainerNetwork is not null) || !Accepts(backEnd, endpoint))
            {
                found ??= candidates.GetRange(0, i);
            }
            else if (found is not null)
            {
                found.Add(backEnd);
            }
        }

        return found ?? candidates;
    }

    private bool Accepts(BackEnd backEnd, Endpoint endpoint) =>
        ListensFor(backEnd, endpoint) || (endpoint.Kind == EndpointKind.Tcp && AcceptsAnotherAddress(backEnd, endpoint));

    private static bool ListensFor(BackEnd backEnd, Endpoint endpoint)
    {
        foreach (var listener in backEnd.Listeners)
        {
            if (listener.Endpoint.Accepts(endpoint))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A target written as a name (<c>localhost</c>, a name of the root's /etc/hosts) is every address the name resolves
    /// to: nginx resolves it at start and makes a peer of each address (<c>ngx_inet_resolve_host</c>), trying the next on
    /// a refused connection (<c>proxy_next_upstream error</c>, the default), and httpd's mod_proxy tries each address of
    /// the name in turn (<c>ap_proxy_connect_backend</c>). So gunicorn on <c>[::1]:8001</c> answers
    /// <c>proxy_pass http://localhost:8001</c> where localhost is also ::1 (every distribution's /etc/hosts, and
    /// glibc without one).
    /// </summary>
    private bool AcceptsAnotherAddress(BackEnd backEnd, Endpoint endpoint)
    {
        if (endpoint.WrittenHost is not { Length: > 0 } name || Endpoint.IsIpAddress(name))
        {
            return false;
        }

        foreach (var address in Resolution.HostsAddresses(name))
        {
            var other = Endpoint.Tcp(address, endpoint.Port);
            if (other.Host != endpoint.Host && ListensFor(backEnd, other))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The front ends that reach a back end.</summary>
    public IReadOnlyList<FrontEnd> ReachedBy(BackEnd backEnd) => _reachedBy.GetValueOrDefault(backEnd) ?? (IReadOnlyList<FrontEnd>)[];

    internal void Index()
    {
        _byListener.Clear();
        _reachedBy.Clear();
        _anyDisabled = false;
        foreach (var backEnd in BackEnds)
        {
            _anyDisabled |= BootState(backEnd) == ConfLint.Workspace.Systemd.UnitEnablement.Disabled;
            foreach (var listener in backEnd.Listeners)
            {
                if (KeyOf(listener.Endpoint) is { } key)
                {
                    var list = _byListener.TryGetValue(key, out var existing) ? existing : _byListener[key] = [];
                    if (!list.Contains(backEnd))
                    {
                        list.Add(backEnd);
                    }
                }
            }
        }

        // Indexed loops over the read-only lists: a foreach through the interface boxes an enumerator for each list.
        foreach (var frontEnd in FrontEnds)
        {
            var targets = frontEnd.Targets;
            for (var t = 0; t < targets.Count; t++)
            {
                var target = targets[t];
                var providers = Providers(target.Endpoint);
                for (var p = 0; p < providers.Count; p++)
                {
                    var backEnd = providers[p];
                    if (!InReachOfContainer(frontEnd, target.Endpoint, backEnd))
                    {
                        continue;
                    }

                    // A front end is added while its own targets are walked, so if it is in the list already it is the
                    // last one: no scan of a list that a shared pool's hundreds of sites make long (nor the record's
                    // field-by-field equality for each).
                    var list = _reachedBy.TryGetValue(backEnd, out var existing) ? existing : _reachedBy[backEnd] = [];
                    if (list.Count == 0 || !ReferenceEquals(list[^1], frontEnd))
                    {
                        list.Add(frontEnd);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Whether a front end in a Compose container can reach a back end through a name Docker's DNS answers: only what runs
    /// in a service answering that name on a network they share. A pool file of the repository that no such service
    /// mounts (one kept beside the Compose file, another project's in the same repository) is not there, though it listens
    /// on the port on every address. Other names (a hosts file, an external network) are not judged here.
    /// </summary>
    private static bool InReachOfContainer(FrontEnd frontEnd, Endpoint endpoint, BackEnd backEnd)
    {
        if (frontEnd.File.Container is not { } from || endpoint.Kind != EndpointKind.Tcp || endpoint.Host is not { Length: > 0 } name
            || System.Net.IPAddress.TryParse(name.Trim('[', ']'), out _) || name.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || from.Project.MayHaveOtherContainers(from.Service))
        {
            return true;
        }

        var answering = from.Project.Answering(from.Service, name).ToList();
        if (answering.Count == 0)
        {
            return true;
        }

        return backEnd is Compose.ComposeBackEnd compose
            ? compose.Project == from.Project && answering.Contains(compose.Service)
            : backEnd.File.Container is { } at && at.Project == from.Project && answering.Contains(at.Service);
    }

    /// <summary>
    /// The file a socket path names on this host: its folders' links followed under the root as far as they exist
    /// (<c>/srv/app/current/tmp/sockets</c> to <c>/srv/app/shared/tmp/sockets</c>), and <c>/var/run</c> as <c>/run</c>
    /// (the link every current distribution has, whether or not the root shows it). Two spellings of one socket give
    /// the same path here.
    /// </summary>
    public string SocketFile(string path)
    {
        lock (_socketFiles)
        {
            if (_socketFiles.TryGetValue(path, out var known))
            {
                return known;
            }
        }

        var found = Endpoint.CanonicalizeRunPath(path);
        var fs = Workspace.FileSystem;
        if (fs.Root is not null && path.StartsWith('/'))
        {
            for (var folder = ParentOf(path); folder.Length > 1; folder = ParentOf(folder))
            {
                if (fs.Resolve(folder) is { } resolved && resolved != "/dev/null")
                {
                    found = Endpoint.CanonicalizeRunPath((resolved == "/" ? string.Empty : resolved) + path[folder.Length..]);
                    break;
                }
            }
        }

        lock (_socketFiles)
        {
            _socketFiles[path] = found;
        }

        return found;
    }

    private readonly Dictionary<string, string> _socketFiles = new(StringComparer.Ordinal);

    private static string ParentOf(string path)
    {
        var slash = path.TrimEnd('/').LastIndexOf('/');
        return slash <= 0 ? "/" : path[..slash];
    }

    private ListenKey? KeyOf(Endpoint endpoint) => endpoint.Kind switch
    {
        EndpointKind.Unix => new ListenKey(EndpointKind.Unix, SocketFile(endpoint.Path!), 0),
        EndpointKind.Tcp => new ListenKey(EndpointKind.Tcp, null, endpoint.Port),
        _ => null,
    };

    /// <summary>How listeners are indexed: a socket by the file it names (<see cref="SocketFile"/>), TCP by its port
    /// (whether the address accepts is checked after).</summary>
    private readonly record struct ListenKey(EndpointKind Kind, string? Path, int Port);
}
