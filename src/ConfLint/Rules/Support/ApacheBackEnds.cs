using ConfLint.Host;
using ConfLint.Host.Apache;
using ConfLint.Syntax.Apache;

namespace ConfLint.Rules.Support;

/// <summary>
/// One <c>Listen</c> of the host's own Apache, as the back end an nginx (or HAProxy) front end may have meant: "nginx in
/// front of Apache", where a proxy's port and Apache's <c>Listen</c> drift apart (Apache moved to 8081 in
/// <c>ports.conf</c>, nginx still sends to 8080: every request is refused, a 502). Not a back end of the host model: it
/// is offered to CL001 only for a target nothing listens on, and only where the configuration ties it to the front end
/// (<see cref="ApacheBackEnds.Evidence"/>).
/// </summary>
internal sealed class ApacheListenBackEnd : BackEnd
{
    public ApacheListenBackEnd(ApacheInstance instance, ApacheDirective listen, Workspace.ConfigFile file, EndpointSite site)
        : base("Apache", file)
    {
        Instance = instance;
        Listen = listen;
        Listeners.Add(site);
    }

    public ApacheInstance Instance { get; }

    public ApacheDirective Listen { get; }

    /// <summary>The <c>&lt;VirtualHost&gt;</c>s on this listen's port. Read once per host, not per target.</summary>
    internal List<ApacheVirtualHost> VirtualHosts { get; } = [];

    private HashSet<object>? _reachingServers;

    /// <summary>The nginx servers (or files) whose front ends reach this listen: made by <paramref name="make"/> when first
    /// asked for. Rules ask side by side; a second thread may make the same set, and either is kept.</summary>
    internal HashSet<object> ReachingServers(Func<HashSet<object>> make) =>
        Volatile.Read(ref _reachingServers) ?? Interlocked.CompareExchange(ref _reachingServers, make(), null) ?? _reachingServers!;

    public override BackendProtocol Protocol => BackendProtocol.Http;

    public override string Describe() => "Apache";
}

/// <summary>A <c>&lt;VirtualHost&gt;</c> as the evidence reads it: each name it answers to (any case) with the directive
/// that gives it (<c>ServerName</c> or <c>ServerAlias</c>, the first that does), its DocumentRoots, and where it is written.</summary>
internal sealed record ApacheVirtualHost(ApacheSection Section, Dictionary<string, string> Names, HashSet<string> Roots, string Where)
{
    /// <summary>The directive by which it sends every request (every one no file answers) on to another server, said with
    /// its file and line (<c>ProxyPass / http://...</c>, <c>RewriteRule "^/(.*)" "http://..." [P]</c>); null where it
    /// does not. Such a virtual host is a front end itself, not the application a proxy in front of it was meant for.</summary>
    public string? ProxiesAll { get; set; }

    /// <summary>Its own <c>SSLEngine</c>: true for <c>on</c>, false for <c>off</c>, null where it writes none (or
    /// <c>optional</c>); with the file and line that says so.</summary>
    public (bool? On, string Where) Ssl { get; set; } = (null, string.Empty);
}

internal static class ApacheBackEnds
{
    /// <summary>The host's own Apache listens on local TCP ports (not a container's), each once; read once per host. Also
    /// what <see cref="WebServerListens"/> takes for Apache's listens.</summary>
    public static IReadOnlyList<ApacheListenBackEnd> Of(HostModel host) =>
        host.Shared(nameof(ApacheBackEnds), host, () => Read(host));

    /// <summary>The listens the configuration ties to <paramref name="frontEnd"/> (<see cref="Evidence"/>), for an nginx or
    /// HAProxy front end speaking HTTP; none for Apache's own front ends and for other protocols.</summary>
    public static IEnumerable<BackEnd> Tied(HostModel host, FrontEnd frontEnd)
    {
        // Only a proxy in front of Apache: an Apache front end's own VirtualHost names its own listen (Apache proxying to
        // Gitea on :3000 is not meant for Apache's port 80).
        if (frontEnd.Details is not (Host.Nginx.NginxPass or Host.Haproxy.HaproxyPass)
            || frontEnd.Protocol is not (BackendProtocol.Http or BackendProtocol.Other) || frontEnd.File.Container is not null)
        {
            yield break;
        }

        foreach (var listen in Of(host))
        {
            // A server that already sends other requests to this Apache and this one elsewhere (nginx before Apache for
            // the site, before a Node or Go program for /api): the shared name says nothing of what this target meant.
            if (Evidence(frontEnd, listen) is not null && !ReachedFromSameServer(host, frontEnd, listen))
            {
                yield return listen;
            }
        }
    }

    private static bool ReachedFromSameServer(HostModel host, FrontEnd frontEnd, ApacheListenBackEnd listen)
    {
        // Made once per listen (only for a listen some front end is tied to), then one lookup per target.
        var reaching = listen.ReachingServers(() =>
        {
            var site = listen.Listeners[0].Endpoint;
            var servers = new HashSet<object>(ReferenceEqualityComparer.Instance);
            foreach (var other in host.FrontEnds)
            {
                if (other.Targets.Any(t => site.Accepts(t.Endpoint)))
                {
                    servers.Add(Server(other));
                }
            }

            return servers;
        });

        return reaching.Contains(Server(frontEnd));
    }

    /// <summary>The nginx <c>server</c> level a pass stands in, else the front end's file.</summary>
    private static object Server(FrontEnd frontEnd) =>
        (frontEnd.Details is Host.Nginx.NginxPass { Scope: var scope } ? scope.SelfAndAncestors().FirstOrDefault(l => l.IsBlock("server")) : null)
        ?? (object)frontEnd.File;

    /// <summary>What ties <paramref name="listen"/> to <paramref name="frontEnd"/>: a <c>&lt;VirtualHost&gt;</c> on that
    /// listen's port whose <c>ServerName</c> or <c>ServerAlias</c> is a name the front end's server answers to, or whose
    /// <c>DocumentRoot</c> is the folder the front end's server serves its files from. Null where nothing does.</summary>
    public static string? Evidence(FrontEnd frontEnd, ApacheListenBackEnd listen)
    {
        if (listen.VirtualHosts.Count == 0)
        {
            return null;
        }

        var port = listen.Listeners[0].Endpoint.Port;
        var names = FrontEndSurroundings.Names(frontEnd);
        var folders = FrontEndSurroundings.Folders(frontEnd);
        foreach (var vhost in listen.VirtualHosts)
        {
            // A virtual host that proxies every request on (the same site's second front end, TLS on 8443 in front of its own
            // Starman) is not the application: a proxy sent there reaches another proxy, never the program it was meant for.
            if (vhost.ProxiesAll is not null)
            {
                continue;
            }

            foreach (var name in names)
            {
                if (IsSiteName(name) && vhost.Names.TryGetValue(name, out var directive))
                {
                    return $"'{name}' is the {directive} of Apache's <VirtualHost> on port {port} ({vhost.Where})";
                }
            }

            foreach (var folder in folders)
            {
                if (folder.TrimEnd('/') is { Length: > 0 } root && !DefaultRoots.Contains(root) && vhost.Roots.Contains(root))
                {
                    return $"the server serves {root}, the DocumentRoot of Apache's <VirtualHost> on port {port} ({vhost.Where})";
                }
            }
        }

        return null;
    }

    /// <summary>The folders the packages serve by default, each web server its own (Debian's nginx and Apache both
    /// <c>/var/www/html</c>): the same default on both sides ties nothing.</summary>
    internal static readonly HashSet<string> DefaultRoots = new(StringComparer.Ordinal)
    {
        "/var/www", "/var/www/html", "/usr/share/nginx/html", "/usr/local/apache2/htdocs", "/var/www/localhost/htdocs", "/srv", "/srv/www", "/srv/http",
    };

    /// <summary>A name one site answers to: a dotted host name, not a catch-all (<c>_</c>, <c>localhost</c>, a wildcard or
    /// a regular expression) nor an address.</summary>
    internal static bool IsSiteName(string name) =>
        name.Contains('.', StringComparison.Ordinal) && !name.StartsWith('*') && !name.StartsWith('~') && !name.StartsWith('.') && !name.EndsWith(".*", StringComparison.Ordinal)
        && !name.Equals("localhost.localdomain", StringComparison.OrdinalIgnoreCase) && !Endpoint.IsIpAddress(name);

    /// <summary>A <c>ServerName</c> may carry a scheme and a port (<c>https://www.example.com:443</c>).</summary>
    private static string HostName(string value)
    {
        var name = value;
        var scheme = name.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            name = name[(scheme + 3)..];
        }

        var colon = name.LastIndexOf(':');
        return colon > 0 && !name.Contains(']', StringComparison.Ordinal) ? name[..colon] : name;
    }

    /// <summary>Whether a <c>&lt;VirtualHost addr[:port] ...&gt;</c> answers on <paramref name="port"/>: one of its
    /// addresses names that port, or none names a port (<c>*</c>, <c>_default_</c>: every port Apache listens on).</summary>
    private static bool OnPort(ApacheSection section, int port)
    {
        foreach (var address in section.Args)
        {
            var bracket = address.LastIndexOf(']');
            var colon = address.LastIndexOf(':');
            if (colon <= bracket)
            {
                return true;
            }

            if (address[(colon + 1)..] is var written && (written == "*" || (int.TryParse(written, out var number) && number == port)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Each <c>&lt;VirtualHost&gt;</c> of the instance with its names, DocumentRoots, <c>SSLEngine</c> and whether
    /// it proxies every request on (<see cref="ApacheVirtualHost.ProxiesAll"/>), in one pass over its directives; and the
    /// main server's <c>SSLEngine</c>, which each virtual host that writes none inherits (mod_ssl's ssl_config_server_merge
    /// takes the base server's <c>enabled</c> where the virtual host's is unset).</summary>
    private static (List<ApacheVirtualHost> VirtualHosts, (bool? On, string Where) MainSsl) VirtualHosts(ApacheInstance instance)
    {
        (bool? On, string Where) mainSsl = (null, string.Empty);
        var found = new List<ApacheVirtualHost>();
        var bySection = new Dictionary<ApacheSection, ApacheVirtualHost>(ReferenceEqualityComparer.Instance);
        foreach (var entry in instance.Directives)
        {
            var (directive, file, sections) = entry;
            if (sections.LastOrDefault(s => s.IsNamed("VirtualHost")) is not { } section)
            {
                if (directive.IsNamed("SSLEngine") && SslEngine(entry) is { } main)
                {
                    mainSsl = (main, $"{file.DisplayPath}:{directive.Position.Line}");
                }

                continue;
            }

            if (!bySection.TryGetValue(section, out var vhost))
            {
                bySection[section] = vhost = new ApacheVirtualHost(section, new(StringComparer.OrdinalIgnoreCase), new(StringComparer.Ordinal), $"{file.DisplayPath}:{section.Position.Line}");
                found.Add(vhost);
            }

            if (directive.IsNamed("ServerName") || directive.IsNamed("ServerAlias"))
            {
                foreach (var arg in directive.Args)
                {
                    vhost.Names.TryAdd(HostName(entry.Expand(arg)), directive.Name);
                }
            }
            else if (directive.IsNamed("DocumentRoot") && directive.Args.Count > 0 && entry.Expand(directive.Args[0]).TrimEnd('/') is { Length: > 0 } root)
            {
                vhost.Roots.Add(root);
            }
            else if (directive.IsNamed("SSLEngine") && AtLevelOf(sections, section))
            {
                vhost.Ssl = (SslEngine(entry), $"{file.DisplayPath}:{directive.Position.Line}");
            }
            else if (vhost.ProxiesAll is null && ProxiesAll(entry, section))
            {
                vhost.ProxiesAll = $"{directive.Name} {string.Join(' ', directive.Args)} ({file.DisplayPath}:{directive.Position.Line})";
            }
        }

        return (found, mainSsl);
    }

    /// <summary><c>SSLEngine on</c> (true), <c>off</c> (false); null for <c>optional</c> (RFC 2817 upgrade, plain HTTP
    /// taken) and the <c>addr:port</c> forms.</summary>
    private static bool? SslEngine(ApacheEntry entry) =>
        entry.Directive.Args.Count == 1 ? entry.Expand(entry.Directive.Args[0]).ToLowerInvariant() switch { "on" => true, "off" => false, _ => null } : null;

    /// <summary>
    /// Whether a directive of a virtual host sends every request on to another server: <c>ProxyPass / URL</c> at the virtual
    /// host's level, <c>ProxyPass URL</c> in <c>&lt;Location /&gt;</c>, <c>ProxyPassMatch</c> with a pattern every path
    /// matches, or a <c>RewriteRule</c> with the <c>P</c> (proxy) flag whose pattern every path matches
    /// (<c>"^/(.*)"</c>; mod_rewrite matches a virtual host's rules against the URL path, which begins with <c>/</c>).
    /// A rule behind <c>RewriteCond</c>s (<c>!-f</c>, <c>!-d</c>, as LedgerSMB's sample writes it) still sends every request
    /// no file answers: the application is behind it. <c>ProxyPass / !</c> excludes, and sends nothing.
    /// </summary>
    private static bool ProxiesAll(ApacheEntry entry, ApacheSection vhost)
    {
        var directive = entry.Directive;
        var args = directive.Args;
        var sections = entry.Sections;
        var own = AtLevelOf(sections, vhost);
        if (directive.IsNamed("ProxyPass"))
        {
            return own ? args.Count >= 2 && args[0] == "/" && args[1] != "!"
                : args.Count >= 1 && args[0] != "!" && sections.LastOrDefault(s => !IsConditional(s)) is { } location && location.IsNamed("Location")
                    && location.Args.Count == 1 && location.Args[0].Trim('"') == "/" && AtLevelOf(sections.TakeWhile(s => !ReferenceEquals(s, location)).ToList(), vhost);
        }

        if (!own || args.Count < 2)
        {
            return false;
        }

        if (directive.IsNamed("ProxyPassMatch"))
        {
            return args[1] != "!" && MatchesEveryPath(args[0]);
        }

        if (!directive.IsNamed("RewriteRule") || args.Count < 3 || args[1] == "-" || args[0].StartsWith('!'))
        {
            return false;
        }

        var flags = args[2].Trim().TrimStart('[').TrimEnd(']').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return flags.Any(f => f.Equals("P", StringComparison.OrdinalIgnoreCase) || f.Equals("proxy", StringComparison.OrdinalIgnoreCase)) && MatchesEveryPath(args[0]);
    }

    /// <summary>Whether a directive in <paramref name="sections"/> stands at <paramref name="vhost"/>'s own level: only
    /// conditional sections (<c>&lt;IfModule&gt;</c>, <c>&lt;IfDefine&gt;</c>, <c>&lt;IfVersion&gt;</c>, <c>&lt;IfFile&gt;</c>)
    /// between, no <c>&lt;Location&gt;</c>, <c>&lt;Directory&gt;</c> or <c>&lt;Files&gt;</c>.</summary>
    private static bool AtLevelOf(IReadOnlyList<ApacheSection> sections, ApacheSection vhost)
    {
        for (var i = sections.Count - 1; i >= 0; i--)
        {
            if (ReferenceEquals(sections[i], vhost))
            {
                return true;
            }

            if (!IsConditional(sections[i]))
            {
                return false;
            }
        }

        return false;
    }

    private static bool IsConditional(ApacheSection section) => section.Name.StartsWith("If", StringComparison.OrdinalIgnoreCase);

    /// <summary>Paths of every shape a site is asked for: a pattern matching all of them is taken to match every path.</summary>
    private static readonly string[] SamplePaths = ["/", "/index.html", "/login.pl", "/app/static/site.css", "/api/v1/items?x=1"];

    private static bool MatchesEveryPath(string pattern)
    {
        try
        {
            var regex = new System.Text.RegularExpressions.Regex(pattern, System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50));
            return SamplePaths.All(regex.IsMatch);
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// Whether a <c>Listen</c> port speaks TLS: mod_ssl enables TLS on a connection when the virtual host the address
    /// selects has <c>SSLEngine on</c> (its own, else the main server's: ssl_init_ssl_connection reads the selected
    /// server's <c>enabled</c>); a plain HTTP request there gets 400 ("You're speaking plain HTTP to an SSL-enabled server
    /// port"), a TLS handshake to a plain port fails. Yes where every virtual host on the port has it on, no where none
    /// does (the main server answers a port with none); unknown where they differ or one says <c>optional</c>.
    /// </summary>
    private static (TlsFact Tls, string? Evidence) Tls(List<ApacheVirtualHost> onPort, (bool? On, string Where) mainSsl, int port)
    {
        if (onPort.Count == 0)
        {
            return mainSsl.On == true ? (TlsFact.Yes, $"SSLEngine on for the main server ({mainSsl.Where})")
                : mainSsl.On == false || mainSsl.Where.Length == 0 ? (TlsFact.No, $"no <VirtualHost> on port {port}, and the main server has no SSLEngine on")
                : (TlsFact.Unknown, null);
        }

        var on = 0;
        var off = 0;
        string? where = null;
        foreach (var vhost in onPort)
        {
            var (value, at) = vhost.Ssl.On is null && vhost.Ssl.Where.Length == 0 ? mainSsl : vhost.Ssl;
            if (value == true)
            {
                on++;
                where ??= at;
            }
            else if (value == false || (value is null && at.Length == 0))
            {
                off++;
            }
        }

        return on == onPort.Count ? (TlsFact.Yes, $"SSLEngine on in its <VirtualHost> on port {port} ({where})")
            : off == onPort.Count ? (TlsFact.No, $"no <VirtualHost> on port {port} has SSLEngine on")
            : (TlsFact.Unknown, null);
    }

    private static List<ApacheListenBackEnd> Read(HostModel host)
    {
        var listens = new List<ApacheListenBackEnd>();
        foreach (var instance in host.Apache.Where(a => a.MainFile.Container is null))
        {
            (List<ApacheVirtualHost> All, (bool? On, string Where) MainSsl)? vhosts = null;
            foreach (var entry in instance.Directives)
            {
                var (directive, file, _) = entry;
                if (!directive.IsNamed("Listen") || directive.Arguments.Count == 0)
                {
                    continue;
                }

                var text = entry.Expand(directive.Args[0]);
                if (text.Contains('$', StringComparison.Ordinal) || !Endpoint.TrySplitHostPort(text, -1, out var address, out var port))
                {
                    continue;
                }

                var bare = address.Trim('[', ']');
                var endpoint = Endpoint.Tcp(bare is "" or "*" ? "0.0.0.0" : bare, port, text);
                if (!endpoint.IsLocal)
                {
                    continue;
                }

                var token = directive.Arguments[0];
                vhosts ??= VirtualHosts(instance);
                var onPort = vhosts.Value.All.Where(v => OnPort(v.Section, port)).ToList();
                var (tls, evidence) = Tls(onPort, vhosts.Value.MainSsl, port);
                var listen = new ApacheListenBackEnd(instance, directive, file, new EndpointSite(endpoint, file, token.Location, directive)
                {
                    Protocol = BackendProtocol.Http,
                    Token = token,
                    Tls = tls,
                    TlsEvidence = evidence,
                });
                listen.VirtualHosts.AddRange(onPort);
                listens.Add(listen);
            }
        }

        return listens;
    }
}
