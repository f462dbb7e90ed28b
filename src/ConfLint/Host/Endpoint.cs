using System.Globalization;
using System.Net;

namespace ConfLint.Host;

public enum EndpointKind
{
    /// <summary>A Unix domain socket path.</summary>
    Unix,

    /// <summary>A TCP host (or address) and port.</summary>
    Tcp,

    /// <summary>Something only known at request time: a variable.</summary>
    Variable,
}

/// <summary>
/// Where a front end connects or a back end listens. Paths under <c>/var/run</c> and <c>/run</c> are one folder
/// (on every current distribution <c>/var/run</c> links to <c>/run</c>); <c>localhost</c> means 127.0.0.1, as
/// nginx and Apache use it; a back end on a wildcard address (<c>0.0.0.0</c>, <c>[::]</c>, <c>*</c>, a bare
/// port) accepts connections to 127.0.0.1.
/// </summary>
public sealed record Endpoint(EndpointKind Kind, string Text, string? Path = null, string? Host = null, int Port = 0)
{
    /// <summary>A socket at <paramref name="path"/>, its spelling made lexically plain: the kernel's path walk reads
    /// repeated slashes as one and skips a <c>.</c> component (path_resolution(7)), so <c>/etc/tower//uwsgi.sock</c> (uWSGI's
    /// <c>%d/uwsgi.sock</c>, whose <c>%d</c> ends in a slash) is the file <c>/etc/tower/uwsgi.sock</c> with no link involved.
    /// A <c>..</c> is left as written: it climbs from wherever a link led, which only the file system can say.</summary>
    public static Endpoint Unix(string path, string? text = null)
    {
        var plain = PlainPath(path);
        return new(EndpointKind.Unix, text ?? "unix:" + plain, Path: plain);
    }

    /// <summary><paramref name="path"/> with repeated slashes as one and <c>.</c> components dropped (a trailing slash kept
    /// off); the same string when there is nothing to drop.</summary>
    public static string PlainPath(string path)
    {
        if (!path.Contains("//", StringComparison.Ordinal) && !path.Contains("/./", StringComparison.Ordinal) && !path.EndsWith("/.", StringComparison.Ordinal))
        {
            return path;
        }

        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".");
        var joined = string.Join('/', parts);
        return path.StartsWith('/') ? "/" + joined : joined;
    }

    /// <summary>Whether an address names a socket: <c>unix:</c> in any case, as nginx's <c>ngx_parse_url</c> and httpd's
    /// <c>ap_proxy_de_socketfy</c> read it (nginx's <c>allow unix:</c> alone is exact, and is not asked here).</summary>
    public static bool IsUnixAddress(string text) => text.StartsWith("unix:", StringComparison.OrdinalIgnoreCase);

    public static Endpoint Tcp(string host, int port, string? text = null) =>
        new(EndpointKind.Tcp, text ?? FormatHostPort(host, port), Host: NormalizeHost(host), Port: port);

    public static Endpoint Variable(string text) => new(EndpointKind.Variable, text);

    /// <summary>The socket path with <c>/var/run</c> written as <c>/run</c>, for comparison.</summary>
    public string? CanonicalPath => Path is null ? null : CanonicalizeRunPath(Path);

    /// <summary>The host as the text names it (<c>localhost</c> of <c>localhost:8001</c>, brackets removed), before
    /// <see cref="NormalizeHost"/> made an address of it; null for a socket or a variable.</summary>
    public string? WrittenHost => Kind == EndpointKind.Tcp && TrySplitHostPort(Text, 1, out var host, out _) ? host.Trim('[', ']') : null;

    public bool IsWildcardHost => Host is "" or "0.0.0.0" or "::";

    public bool IsLoopback => Host is { } host && (host == "::1" || host.StartsWith("127.", StringComparison.Ordinal));

    /// <summary>An address the root says is this host's own though not a loopback (a target written as a name the root's
    /// /etc/hosts gives as the address of /etc/network/interfaces: <see cref="HostResolution.OnThisHost"/>; or written as
    /// that address itself: <see cref="HostResolution.OwnAddressEvidence"/>).</summary>
    public bool OwnAddress { get; init; }

    /// <summary>Whether ConfLint can know who answers here: a socket, an address of this host's loopback, or one the
    /// root shows is this host's (<see cref="OwnAddress"/>).</summary>
    public bool IsLocal => Kind == EndpointKind.Unix || (Kind == EndpointKind.Tcp && (IsLoopback || IsWildcardHost || OwnAddress));

    /// <summary>Whether something listening here accepts a connection made to <paramref name="target"/>.</summary>
    public bool Accepts(Endpoint target)
    {
        if (Kind != target.Kind)
        {
            return false;
        }

        return Kind switch
        {
            EndpointKind.Unix => string.Equals(CanonicalPath, target.CanonicalPath, StringComparison.Ordinal),
            EndpointKind.Tcp => Port == target.Port && (Host == target.Host || AcceptsConnectionTo(ConnectedHost(target.Host!))),
            _ => false,
        };
    }

    /// <summary>The address a connection to <paramref name="targetHost"/> reaches: Linux sends one made to the unspecified
    /// address to the loopback (<c>ip_route_output_key_hash_rcu</c>: no destination, INADDR_LOOPBACK; <c>tcp_v6_connect</c>:
    /// <c>::</c> becomes <c>::1</c>), so <c>proxy_pass http://0.0.0.0:8000</c> reaches a server on 127.0.0.1:8000.</summary>
    private static string ConnectedHost(string targetHost) => targetHost switch
    {
        "0.0.0.0" => "127.0.0.1",
        "::" => "::1",
        _ => targetHost,
    };

    private bool AcceptsConnectionTo(string connectedHost) => Host == connectedHost || HostAcceptsWildcard(connectedHost);

    private bool HostAcceptsWildcard(string targetHost) => Host switch
    {
        "" or "::" => true,
        "0.0.0.0" => !targetHost.Contains(':'),
        _ => false,
    };

    public override string ToString() => Text;

    /// <summary>For messages: the socket path, or <c>host:port</c>.</summary>
    public string Address => Kind == EndpointKind.Unix ? Path! : Describe();

    public string Describe() => Kind switch
    {
        EndpointKind.Unix => "unix:" + Path,
        EndpointKind.Tcp => FormatHostPort(Host!.Length == 0 ? "*" : Host, Port),
        _ => Text,
    };

    public static string CanonicalizeRunPath(string path) =>
        path.StartsWith("/var/run/", StringComparison.Ordinal) ? path["/var".Length..] : path;

    /// <summary>Lower case, brackets removed, <c>localhost</c> as 127.0.0.1, <c>*</c> and <c>[::]</c> as wildcards.</summary>
    public static string NormalizeHost(string host)
    {
        var h = host.Trim().TrimStart('[').TrimEnd(']').ToLowerInvariant();
        if (h == "*")
        {
            return string.Empty;
        }

        if (h is "localhost" or "localhost.localdomain")
        {
            return "127.0.0.1";
        }

        if (h == "ip6-localhost")
        {
            return "::1";
        }

        return IPAddress.TryParse(h, out var address) ? address.ToString() : h;
    }

    public static bool IsIpAddress(string host) => IPAddress.TryParse(host.Trim('[', ']'), out _);

    private static string FormatHostPort(string host, int port) =>
        (host.Contains(':') && !host.StartsWith('[') ? "[" + host + "]" : host) + ":" + port.ToString(CultureInfo.InvariantCulture);

    /// <summary>The hosts most addresses name, as one string each: a tree's thousands of back ends each kept a copy.</summary>
    private static string? CommonHost(ReadOnlySpan<char> host) => host switch
    {
        "127.0.0.1" => "127.0.0.1",
        "localhost" => "localhost",
        "0.0.0.0" => "0.0.0.0",
        "[::]" => "[::]",
        "[::1]" => "[::1]",
        _ => null,
    };

    /// <summary>Splits <c>host:port</c>, <c>[v6]:port</c>, <c>:port</c> or a bare <c>port</c>; the port is
    /// <paramref name="defaultPort"/> when absent (or -1 to require one).</summary>
    public static bool TrySplitHostPort(string text, int defaultPort, out string host, out int port)
    {
        host = string.Empty;
        port = defaultPort;
        if (text.Length == 0)
        {
            return false;
        }

        if (!text.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and < 65536;
        }

        ReadOnlySpan<char> portText;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 0)
            {
                return false;
            }

            host = CommonHost(text.AsSpan(0, close + 1)) ?? text[..(close + 1)];
            portText = close + 1 < text.Length && text[close + 1] == ':' ? text.AsSpan(close + 2) : [];
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon >= 0 && text.IndexOf(':') != colon)
            {
                host = text;
                portText = [];
            }
            else
            {
                host = colon < 0 ? text : CommonHost(text.AsSpan(0, colon)) ?? text[..colon];
                portText = colon < 0 ? [] : text.AsSpan(colon + 1);
            }
        }

        if (portText.Length == 0)
        {
            return defaultPort > 0;
        }

        return int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and < 65536;
    }
}
