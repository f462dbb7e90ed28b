using ConfLint.Syntax.Documents;
using ConfLint.Workspace;
using ConfLint.Workspace.Compose;
using YamlDotNet.RepresentationModel;

namespace ConfLint.Host;

/// <summary>How a name nginx must resolve at start fares on this host, as far as its root shows.</summary>
public enum NameResolution
{
    /// <summary><c>localhost</c> or a name of the hosts file: a fixed address, resolved without DNS.</summary>
    Static,

    /// <summary>A name DNS answers: a dotted name, or in a container a Compose service of the root's Compose file.</summary>
    Dns,

    /// <summary>Nothing on this host resolves it: one label, not in the hosts file, no search domain, not a
    /// container whose network names could answer. nginx refuses to start ("host not found in upstream").</summary>
    Unresolvable,

    /// <summary>It depends on what the root does not show (a search domain, a container network, no root at all).</summary>
    Unknown,
}

/// <summary>
/// The host's name resolution as its root shows it: <c>/etc/hosts</c>, <c>/etc/resolv.conf</c> (name servers and
/// search domains), whether the root is a Docker container (<c>/.dockerenv</c>, or Docker's embedded resolver
/// 127.0.0.11 in resolv.conf), and the service names of a Compose file at the top of the root. Read once per host,
/// only under <c>--root</c>.
/// </summary>
public sealed class HostResolution
{
    /// <summary>Docker's embedded DNS server, which answers container and service names on user-defined networks.</summary>
    public const string DockerResolver = "127.0.0.11";

    private static readonly string[] ComposeFiles = ["/compose.yaml", "/compose.yml", "/docker-compose.yaml", "/docker-compose.yml"];

    /// <summary>Whether a root was read at all (without one nothing below is known).</summary>
    public bool RootKnown { get; private init; }

    /// <summary>Names the hosts file maps to fixed addresses, and <c>localhost</c>.</summary>
    public HashSet<string> StaticNames { get; } = new(StringComparer.OrdinalIgnoreCase) { "localhost" };

    /// <summary>The addresses the hosts file gives each name, in file order (what getaddrinfo answers from it).</summary>
    public Dictionary<string, List<string>> HostsFile { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Addresses the root says are this host's own (not loopbacks), each with where it says so: the address
    /// /etc/hosts gives the name of /etc/hostname, an <c>address</c> of /etc/network/interfaces (and interfaces.d), an
    /// address of a netplan file.</summary>
    public Dictionary<string, string> OwnAddresses { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Where a connection to <paramref name="name"/> goes when the root's /etc/hosts answers it with this host's own
    /// addresses only: glibc's files source answers from the hosts file before DNS (nsswitch's <c>hosts: files dns</c>),
    /// names compared without case, the first line naming it first. The first address it gives, with why it is this
    /// host's; null when the name is not in the hosts file (DNS answers it: not known here), or when an address it gives
    /// is not known to be this host's (a loopback, or an address of <see cref="OwnAddresses"/>).
    /// </summary>
    public (string Address, string Evidence)? OnThisHost(string name)
    {
        if (!RootKnown || IsContainer || Endpoint.IsIpAddress(name) || !HostsFile.ContainsKey(name))
        {
            return null;
        }

        var addresses = HostsAddresses(name);
        if (addresses.Count == 0)
        {
            return null;
        }

        foreach (var address in addresses)
        {
            if (!IsLoopback(address) && !OwnAddresses.ContainsKey(address))
            {
                return null;
            }
        }

        var first = addresses[0];
        return (first, IsLoopback(first)
            ? $"/etc/hosts gives {name} as {first}, a loopback address"
            : $"/etc/hosts gives {name} as {first}, this host's own address: {OwnAddresses[first]}");
    }

    /// <summary>Why <paramref name="address"/>, an IP address as written (a target's <c>192.168.10.11:8000</c>), is this
    /// host's own (<see cref="OwnAddresses"/>): the kernel delivers a connection to one of its own addresses locally, as it
    /// does one to a loopback. Null when it is not known to be, or the root is a container's (as for
    /// <see cref="OnThisHost"/>).</summary>
    public string? OwnAddressEvidence(string address) =>
        !RootKnown || IsContainer || !OwnAddresses.TryGetValue(address, out var source) ? null : $"{address} is this host's own address: {source}";

    private static bool IsLoopback(string address) => address == "::1" || address.StartsWith("127.", StringComparison.Ordinal);

    /// <summary>The <c>nameserver</c> addresses of resolv.conf, in order.</summary>
    public List<string> Nameservers { get; } = [];

    /// <summary>The <c>search</c> and <c>domain</c> suffixes of resolv.conf: a one-label name may resolve through them.</summary>
    public List<string> SearchDomains { get; } = [];

    /// <summary>Whether resolv.conf was there to read.</summary>
    public bool ResolvConfRead { get; private set; }

    /// <summary>Whether /etc/hosts was there to read.</summary>
    public bool HostsFileRead { get; private set; }

    /// <summary>The host's own name, the first word of /etc/hostname, or null where the root holds none.</summary>
    public string? OwnName { get; private set; }

    /// <summary>The root is a Docker container: <c>/.dockerenv</c>, or resolv.conf names Docker's embedded resolver.</summary>
    public bool IsContainer { get; private set; }

    /// <summary>Service, container and host names of the root's Compose file, or null when there is none.</summary>
    public HashSet<string>? ComposeNames { get; private set; }

    /// <summary>Where the root says the host's DNS server is, written for nginx's <c>resolver</c> (an IPv6 address in
    /// brackets): the first nameserver of resolv.conf, else Docker's embedded resolver in a container; null when the
    /// root does not say.</summary>
    public string? Resolver =>
        Nameservers.Count > 0 ? (Nameservers[0].Contains(':') ? "[" + Nameservers[0] + "]" : Nameservers[0])
        : IsContainer && !OffEmbeddedDns ? DockerResolver : null;

    /// <summary>A Compose service with a <c>network_mode</c> (<c>host</c>, <c>bridge</c>, <c>none</c>, another container's
    /// or service's namespace): Docker's embedded DNS serves only user-defined networks, so 127.0.0.11 answers nothing
    /// there (host and bridge take the host's resolv.conf), or it is another container's to say.</summary>
    public bool OffEmbeddedDns { get; private init; }

    /// <summary>Whether <see cref="Resolver"/> is only inferred from <c>/.dockerenv</c>: no resolv.conf names a server and
    /// no Compose service places nginx on a network. Docker's embedded DNS answers only on user-defined networks; a
    /// container on the default bridge has the host's servers instead, so 127.0.0.11 may answer nothing there.</summary>
    public bool ResolverInferred => Nameservers.Count == 0 && Service is null && IsContainer && !OffEmbeddedDns;

    /// <summary>Where <see cref="Resolver"/> comes from, for messages.</summary>
    public string ResolverSource => Nameservers.Count > 0 ? "the root's /etc/resolv.conf"
        : Service is { } service ? $"Docker's embedded DNS (nginx runs in Compose service '{service.Name}')"
        : "Docker's embedded DNS (the root is a container)";

    /// <summary>The addresses the root's /etc/hosts gives <paramref name="name"/>, in its order; for <c>localhost</c>
    /// without an entry (or without a root), both loopbacks: <c>127.0.0.1</c> and <c>::1</c>. Empty for other names it
    /// does not list.</summary>
    public IReadOnlyList<string> HostsAddresses(string name) =>
        HostsFile.TryGetValue(name, out var written) && written.Where(Endpoint.IsIpAddress).Select(Endpoint.NormalizeHost).Distinct().ToList() is { Count: > 0 } found
            ? found
            : name.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? ["127.0.0.1", "::1"] : [];

    /// <summary>What this host makes of <paramref name="name"/> (not an upstream: the caller checks those).</summary>
    public NameResolution Classify(string name)
    {
        if (StaticNames.Contains(name) || Endpoint.IsIpAddress(name))
        {
            return NameResolution.Static;
        }

        if (name.Contains('.', StringComparison.Ordinal))
        {
            return NameResolution.Dns;
        }

        if (!RootKnown)
        {
            return NameResolution.Unknown;
        }

        if (IsContainer)
        {
            // Docker's DNS answers the names of containers on the same network: known only from a Compose file.
            return ComposeNames is null ? NameResolution.Unknown
                : ComposeNames.Contains(name) ? NameResolution.Dns : NameResolution.Unresolvable;
        }

        return SearchDomains.Count > 0 || Unseen(name) is not null ? NameResolution.Unknown : NameResolution.Unresolvable;
    }

    /// <summary>
    /// On a host (not a container), what may resolve a one-label <paramref name="name"/> that the root does not show:
    /// getaddrinfo reads /etc/hosts, then asks the name servers of /etc/resolv.conf with its search domains, so a tree
    /// without either file (an infrastructure repository that keeps only /etc/nginx) proves nothing about the names the
    /// real host resolves; and the host's own name of /etc/hostname (or its first label) resolves through nss-myhostname
    /// where nsswitch lists it (Fedora's and Ubuntu's default). Null where the root shows both files and the name is not
    /// its own, or the root is a container's or unknown (<see cref="Classify"/> says those).
    /// </summary>
    public string? Unseen(string name)
    {
        if (!RootKnown || IsContainer)
        {
            return null;
        }

        if (!HostsFileRead || !ResolvConfRead)
        {
            return (HostsFileRead, ResolvConfRead) switch
            {
                (true, _) => "the host's DNS (the root holds no /etc/resolv.conf to show its name servers and search domains)",
                (_, true) => "the host's /etc/hosts (the root holds no /etc/hosts to show it)",
                _ => "the host's /etc/hosts or DNS (the root holds no /etc/hosts or /etc/resolv.conf to show them)",
            };
        }

        return OwnName is { } own && (own.Equals(name, StringComparison.OrdinalIgnoreCase) || own.Split('.')[0].Equals(name, StringComparison.OrdinalIgnoreCase))
            ? $"nss-myhostname ('{name}' is this host's own name in /etc/hostname)"
            : null;
    }

    /// <summary>For a front end in a Compose service: the container's view, Docker's embedded DNS answering the names of
    /// the services on the networks it shares with them (unknown where other containers may answer: an external network,
    /// a <c>network_mode</c>, links).</summary>
    public ComposeService? Service { get; private init; }

    /// <summary>The Compose project of <see cref="Service"/>.</summary>
    public ComposeProject? Project { get; private init; }

    /// <summary>Whether Compose restarts the front end's service whenever it recreates or restarts every service that answers
    /// <paramref name="name"/> (<c>depends_on: NAME: restart: true</c>): then a new container's address reaches nginx by
    /// the restart, and only the engine's own restart of a crashed container is left unseen.</summary>
    public bool RestartedWith(string name) =>
        Service is { } from && Project is { } project && project.Answering(from, name).ToList() is { Count: > 0 } answering
        && answering.All(s => from.RestartsWith.Contains(s.Name));

    /// <summary>A Compose service's container: its <c>extra_hosts</c> are static names; Docker's DNS answers the names of
    /// the running services (a profile not enabled, or scaled to 0, starts none) on the networks it shares with them.</summary>
    public static HostResolution ForContainer(ComposeProject project, ComposeService service)
    {
        var resolution = new HostResolution { RootKnown = true, IsContainer = true, Service = service, Project = project, OffEmbeddedDns = service.NetworkMode is not null };

        // extra_hosts: lines Docker adds to the container's /etc/hosts (a name resolved without DNS).
        resolution.StaticNames.UnionWith(service.ExtraHosts);
        // A link's alias is one more name of a service of the project (ComposeService.Links); only external_links (or a
        // link whose variable has no value) lets a container ConfLint does not see answer a name.
        if (!project.MayHaveOtherContainers(service) && !service.HasExternalLinks && !service.LinksUnknown && !service.ExtraHostsUnknown)
        {
            resolution.ComposeNames = new HashSet<string>(
                project.Running.SelectMany(s => service.NetworkNames().Intersect(s.NetworkNames()).SelectMany(s.NamesOn).Concat(service.LinkAliasesOf(s))),
                StringComparer.OrdinalIgnoreCase);
        }

        return resolution;
    }

    public static HostResolution Read(RootedFileSystem fs)
    {
        var resolution = new HostResolution { RootKnown = fs.Root is not null };
        if (fs.Root is null)
        {
            return resolution;
        }

        resolution.HostsFileRead = fs.FileExists("/etc/hosts");
        foreach (var line in fs.ReadLines("/etc/hosts"))
        {
            var fields = Fields(line);
            foreach (var name in fields.Skip(1))
            {
                resolution.StaticNames.Add(name);
                var addresses = resolution.HostsFile.TryGetValue(name, out var known) ? known : resolution.HostsFile[name] = [];
                if (!addresses.Contains(fields[0]))
                {
                    addresses.Add(fields[0]);
                }
            }
        }

        resolution.ResolvConfRead = fs.FileExists("/etc/resolv.conf");
        foreach (var line in fs.ReadLines("/etc/resolv.conf"))
        {
            var fields = Fields(line);
            if (fields.Length >= 2 && fields[0] == "nameserver" && Endpoint.IsIpAddress(fields[1]))
            {
                resolution.Nameservers.Add(fields[1]);
            }
            else if (fields.Length >= 2 && fields[0] is "search" or "domain")
            {
                // The last of search and domain wins in glibc; either way, some suffix may complete a one-label name.
                resolution.SearchDomains.Clear();
                resolution.SearchDomains.AddRange(fields.Skip(1).Where(d => d != "."));
            }
        }

        resolution.IsContainer = fs.FileExists("/.dockerenv") || resolution.Nameservers.Contains(DockerResolver);
        ReadOwnAddresses(fs, resolution);
        resolution.ComposeNames = ReadCompose(fs);
        return resolution;
    }

    /// <summary>This host's own addresses, as far as the root says: the address /etc/hosts gives the name of
    /// /etc/hostname (Debian's installer writes that line; <c>127.0.1.1</c> when it had no static address), the
    /// <c>address</c> lines of ifupdown's /etc/network/interfaces and interfaces.d, the <c>addresses</c> of netplan's
    /// interfaces.</summary>
    private static void ReadOwnAddresses(RootedFileSystem fs, HostResolution resolution)
    {
        void Own(string written, string source)
        {
            var bare = written.Split('/')[0];
            if (Endpoint.IsIpAddress(bare) && Endpoint.NormalizeHost(bare) is var address && !IsLoopback(address) && address is not ("0.0.0.0" or "::"))
            {
                resolution.OwnAddresses.TryAdd(address, source);
            }
        }

        resolution.OwnName = fs.ReadLines("/etc/hostname").Select(l => l.Split('#')[0].Trim()).FirstOrDefault(l => l.Length > 0);
        if (resolution.OwnName is { } hostname)
        {
            foreach (var name in new[] { hostname, hostname.Split('.')[0] }.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (resolution.HostsFile.TryGetValue(name, out var addresses))
                {
                    foreach (var address in addresses)
                    {
                        Own(address, $"the address of its own name '{name}' of /etc/hostname");
                    }
                }
            }
        }

        foreach (var path in fs.Glob("/etc/network/interfaces.d/*").Prepend("/etc/network/interfaces"))
        {
            foreach (var line in fs.ReadLines(path))
            {
                var fields = Fields(line);
                if (fields is ["address", var address, ..])
                {
                    Own(address, path);
                }
            }
        }

        foreach (var path in fs.Glob("/etc/netplan/*.yaml"))
        {
            try
            {
                var bytes = fs.ReadAllBytes(path);
                var text = System.Text.Encoding.UTF8.GetString(bytes);
                if (bytes.Length > 256 * 1024 || YamlLimits.Check(text) is not null)
                {
                    continue;
                }

                var yaml = new YamlStream();
                yaml.Load(new StringReader(text));
                foreach (var document in yaml.Documents)
                {
                    NetplanAddresses(document.RootNode, null, address => Own(address, path));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException)
            {
            }
        }
    }

    /// <summary>Each <c>addresses</c> list of a netplan file (an address, or a mapping of one to its options), but not
    /// a <c>nameservers</c>' one (the DNS servers, not this host).</summary>
    private static void NetplanAddresses(YamlNode node, string? parent, Action<string> found)
    {
        if (node is not YamlMappingNode mapping)
        {
            return;
        }

        foreach (var (key, value) in mapping.Children)
        {
            var name = (key as YamlScalarNode)?.Value;
            if (name == "addresses" && parent != "nameservers" && value is YamlSequenceNode list)
            {
                foreach (var item in list.Children)
                {
                    if (item is YamlScalarNode { Value: { } address })
                    {
                        found(address);
                    }
                    else if (item is YamlMappingNode { Children.Count: 1 } withOptions && withOptions.Children.Keys.First() is YamlScalarNode { Value: { } keyed })
                    {
                        found(keyed);
                    }
                }
            }
            else
            {
                NetplanAddresses(value, name, found);
            }
        }
    }

    private static string[] Fields(string line) =>
        line.Split('#')[0].Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The names a Compose file at the top of the root makes resolvable on its networks: each service's name,
    /// <c>container_name</c>, <c>hostname</c> and network <c>aliases</c>. Null when there is no Compose file, or it
    /// cannot be read (then nothing is known).</summary>
    private static HashSet<string>? ReadCompose(RootedFileSystem fs)
    {
        var path = ComposeFiles.FirstOrDefault(fs.FileExists);
        if (path is null)
        {
            return null;
        }

        try
        {
            var bytes = fs.ReadAllBytes(path);
            if (bytes.Length > 1024 * 1024)
            {
                return null;
            }

            var text = System.Text.Encoding.UTF8.GetString(bytes);
            if (YamlLimits.Check(text) is not null)
            {
                return null;
            }

            var yaml = new YamlStream();
            yaml.Load(new StringReader(text));
            if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root
                || !root.Children.TryGetValue(new YamlScalarNode("services"), out var servicesNode) || servicesNode is not YamlMappingNode services)
            {
                return null;
            }

            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (key, value) in services.Children)
            {
                if (key is YamlScalarNode { Value: { } service })
                {
                    names.Add(service);
                }

                if (value is YamlMappingNode body)
                {
                    AddScalar(body, "container_name", names);
                    AddScalar(body, "hostname", names);
                    if (body.Children.TryGetValue(new YamlScalarNode("networks"), out var networks) && networks is YamlMappingNode byNetwork)
                    {
                        foreach (var network in byNetwork.Children.Values.OfType<YamlMappingNode>())
                        {
                            if (network.Children.TryGetValue(new YamlScalarNode("aliases"), out var aliases) && aliases is YamlSequenceNode list)
                            {
                                names.UnionWith(list.Children.OfType<YamlScalarNode>().Select(a => a.Value).OfType<string>());
                            }
                        }
                    }
                }
            }

            return names;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException)
        {
            return null;
        }
    }

    private static void AddScalar(YamlMappingNode body, string key, HashSet<string> names)
    {
        if (body.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode { Value: { Length: > 0 } value })
        {
            names.Add(value);
        }
    }
}
