namespace ConfLint.Host.Nginx;

/// <summary>
/// The address of an nginx <c>*_pass</c> or upstream <c>server</c> read as <c>ngx_parse_url</c> reads it when the
/// configuration is loaded (src/core/ngx_inet.c, without name resolution and not for <c>listen</c>): what it refuses,
/// in nginx's words. <c>unix:</c> (any case) is a socket path, up to the first ':' where a URI may follow; <c>[</c>
/// opens an IPv6 address; otherwise the first ':' starts the port and the first '/' or '?' the URI, which only
/// <c>proxy_pass</c> may have ("invalid host" elsewhere).
/// </summary>
internal static class NginxUrl
{
    /// <summary>The longest socket path <c>sockaddr_un</c> holds (108 bytes with the closing zero).</summary>
    private const int MaxSocketPath = 107;

    /// <summary>The directives whose argument <c>ngx_http_upstream_add</c> parses, each with the schemes it takes off
    /// first and whether a URI may follow the address.</summary>
    public static string? PassProblem(string directive, string argument, bool stream)
    {
        if (argument.Contains('$', StringComparison.Ordinal))
        {
            return null; // a variable: evaluated per request, never parsed at load
        }

        var (skip, uriPart) = directive switch
        {
            "proxy_pass" when stream => (0, false),
            "proxy_pass" => (SchemeLength(argument, "http://", "https://"), true),
            "uwsgi_pass" => (SchemeLength(argument, "uwsgi://", "suwsgi://"), false),
            "grpc_pass" => (SchemeLength(argument, "grpc://", "grpcs://"), false),
            "fastcgi_pass" or "scgi_pass" or "memcached_pass" => (0, false),
            _ => (-1, false),
        };

        // proxy_pass without its scheme is CL000's "invalid URL prefix", judged apart.
        if (skip < 0 || (directive == "proxy_pass" && !stream && skip == 0))
        {
            return null;
        }

        // Asked of every pass directive by the validation, the references and the front ends: no copy of the address
        // unless it is refused.
        return Problem(argument.AsSpan(skip), uriPart) is { } error ? $"{error} in upstream \"{argument[skip..]}\"" : null;
    }

    /// <summary><c>ngx_parse_url</c>'s error for <paramref name="url"/>, or null when it parses.</summary>
    public static string? Problem(ReadOnlySpan<char> url, bool uriPart)
    {
        if (url.Length >= 5 && url[..5].Equals("unix:", StringComparison.OrdinalIgnoreCase))
        {
            var path = url[5..];
            if (uriPart && path.IndexOf(':') is var colon and >= 0)
            {
                path = path[..colon];
            }

            return path.Length == 0 ? "no path in the unix domain socket"
                : System.Text.Encoding.UTF8.GetByteCount(path) > MaxSocketPath ? "too long path in the unix domain socket"
                : null;
        }

        return url.Length > 0 && url[0] == '[' ? Inet6Problem(url, uriPart) : InetProblem(url, uriPart);
    }

    private static string? InetProblem(ReadOnlySpan<char> url, bool uriPart)
    {
        var port = url.IndexOf(':');
        var uri = url.IndexOfAny('/', '?');
        var last = url.Length;
        if (uri >= 0)
        {
            if (!uriPart)
            {
                return "invalid host";
            }

            last = uri;
            if (uri < port)
            {
                port = -1;
            }
        }

        var hostEnd = last;
        if (port >= 0)
        {
            if (!IsPort(url[(port + 1)..last]))
            {
                return "invalid port";
            }

            hostEnd = port;
        }

        return hostEnd == 0 ? "no host" : null;
    }

    /// <summary>
    /// <c>ngx_parse_url</c>'s error for a <c>listen</c> address (<c>u.listen</c> set): no URI; a port range <c>FROM-TO</c>
    /// where <paramref name="portRanges"/> (nginx 1.15.10 on); a word that reads as a port (or a range) alone is one;
    /// <c>*</c> is any address. Null when it parses up to the name resolution (a host that is not an address is left to
    /// the caller), with <paramref name="hostLength"/> the length of the host part (0 for a port alone, -1 for
    /// <c>unix:</c> or <c>[...]</c>).
    /// </summary>
    public static string? ListenProblem(string address, bool portRanges, out int hostLength)
    {
        hostLength = -1;
        if (address.Length >= 5 && address.AsSpan(0, 5).Equals("unix:", StringComparison.OrdinalIgnoreCase))
        {
            return Problem(address, uriPart: false);
        }

        if (address.Length > 0 && address[0] == '[')
        {
            return Inet6Problem(address, uriPart: false, listenRanges: portRanges);
        }

        var span = address.AsSpan();
        var colon = span.IndexOf(':');
        if (span.IndexOfAny('/', '?') >= 0)
        {
            return "invalid host";
        }

        if (colon >= 0)
        {
            hostLength = colon;
            return ListenPort(span[(colon + 1)..], portRanges) ?? (colon == 0 ? "no host" : null);
        }

        // "test value as port only": the whole word, when it (and the part before a '-') is a number.
        var dash = portRanges ? span.IndexOf('-') : -1;
        var last = dash >= 0 ? Atoi(span[(dash + 1)..]) : 0;
        if (last >= 0 && Atoi(dash >= 0 ? span[..dash] : span) is var first and >= 0)
        {
            hostLength = 0;
            return last is 0 && dash >= 0 || last > 65535 || first is < 1 or > 65535 ? "invalid port"
                : dash >= 0 && first > last ? "invalid port range"
                : null;
        }

        hostLength = span.Length;
        return span.Length == 0 ? "no host" : null;
    }

    /// <summary>A listen port after the colon: a number, or with <paramref name="portRanges"/> a range <c>FROM-TO</c>.</summary>
    private static string? ListenPort(ReadOnlySpan<char> port, bool portRanges)
    {
        var dash = portRanges ? port.IndexOf('-') : -1;
        var last = 0;
        if (dash >= 0)
        {
            last = Atoi(port[(dash + 1)..]);
            if (last is < 1 or > 65535)
            {
                return "invalid port";
            }

            port = port[..dash];
        }

        var first = Atoi(port);
        return first is < 1 or > 65535 ? "invalid port" : dash >= 0 && first > last ? "invalid port range" : null;
    }

    /// <summary><c>ngx_atoi</c>: the decimal value of digits only (at least one), -1 otherwise; large values held at
    /// int.MaxValue (nginx's own overflow is an error: both are out of any port's range).</summary>
    private static int Atoi(ReadOnlySpan<char> text)
    {
        if (text.Length == 0 || text.ContainsAnyExceptInRange('0', '9'))
        {
            return -1;
        }

        var trimmed = text.TrimStart('0');
        return trimmed.Length == 0 ? 0 : trimmed.Length > 9 ? int.MaxValue : int.Parse(trimmed, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string? Inet6Problem(ReadOnlySpan<char> url, bool uriPart, bool listenRanges = false)
    {
        var close = url.IndexOf(']');
        if (close < 0)
        {
            return "invalid host";
        }

        var rest = url[(close + 1)..];
        if (rest.IndexOf('/') is var uri and >= 0)
        {
            if (!uriPart)
            {
                return "invalid host";
            }

            rest = rest[..uri];
        }

        if (rest.Length > 0 && (rest[0] != ':' || (listenRanges ? ListenPort(rest[1..], portRanges: true) is not null : !IsPort(rest[1..]))))
        {
            return rest[0] != ':' ? "invalid host" : listenRanges ? ListenPort(rest[1..], portRanges: true) : "invalid port";
        }

        // The usual any and loopback addresses are told without IPAddress, which makes an object each time.
        var host = url[1..close];
        return host.Length == 0 ? "no host"
            : host is "::" or "::1" ? null
            : host.Contains('%') || !System.Net.IPAddress.TryParse(host, out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6
            ? "invalid IPv6 address"
            : null;
    }

    /// <summary><c>ngx_atoi</c> of the text between 1 and 65535: decimal digits only, at least one.</summary>
    private static bool IsPort(ReadOnlySpan<char> text) => Atoi(text) is >= 1 and <= 65535;

    private static int SchemeLength(string argument, string first, string second) =>
        argument.StartsWith(first, StringComparison.OrdinalIgnoreCase) ? first.Length
        : argument.StartsWith(second, StringComparison.OrdinalIgnoreCase) ? second.Length
        : 0;
}
