namespace ConfLint.Host;

/// <summary>How a proxy target is written: nginx's <c>*_pass</c> and <c>upstream</c> servers, Apache's URLs, HAProxy's
/// <c>server</c> addresses (<see cref="Haproxy.HaproxyAddress"/>).</summary>
public enum ProxyTargetSyntax
{
    Nginx,
    Apache,
    Haproxy,
}

/// <summary>
/// What a proxy directive names, parsed once: its scheme, its host or socket, its port and whether the port is written,
/// the URI after the address, whether variables make it known only per request, and where it connects. It writes itself
/// back with a new endpoint in the form it already has (<see cref="WithEndpoint"/>). nginx:
/// <c>[scheme://]address[/uri]</c> where the address is <c>unix:PATH</c>, <c>host[:port]</c> or a variable, a socket in
/// a URL being <c>scheme://unix:PATH:/uri</c>. Apache: <c>scheme://host[:port]/path</c>, <c>unix:PATH|scheme://host/</c>,
/// <c>balancer://name</c>, each with SetHandler's <c>proxy:</c> prefix or without.
/// </summary>
public sealed record ProxyTarget
{
    private const string UnixPrefix = "unix:";
    private const string HandlerPrefix = "proxy:";
    private const string SchemeSeparator = "://";

    /// <summary>The scheme written before "://" (its first <paramref name="length"/> characters): the usual ones as one
    /// string each, where a tree's thousands of targets each kept two copies of "http".</summary>
    private static string SchemeOf(string text, int length) => text.AsSpan(0, length) switch
    {
        "http" => "http",
        "https" => "https",
        "grpc" => "grpc",
        "grpcs" => "grpcs",
        "fcgi" => "fcgi",
        "uwsgi" => "uwsgi",
        "ws" => "ws",
        "wss" => "wss",
        _ => text[..length],
    };

    /// <summary>The target as read (Apache: <c>${VAR}</c> expanded).</summary>
    public required string Text { get; init; }

    public ProxyTargetSyntax Syntax { get; init; }

    /// <summary>Apache SetHandler's <c>proxy:</c> as written, or empty.</summary>
    public string Prefix { get; init; } = string.Empty;

    /// <summary>The scheme in lower case (<c>http</c>, <c>fcgi</c>, <c>balancer</c>), or null when none is written.</summary>
    public string? Scheme { get; init; }

    /// <summary>The scheme as written, for writing the target back.</summary>
    public string? SchemeText { get; init; }

    /// <summary>The Unix socket path, for a socket target.</summary>
    public string? SocketPath { get; init; }

    /// <summary>Where the host is written in <see cref="Text"/> (brackets included), when a host is.</summary>
    public (int Start, int Length)? HostAt { get; init; }

    /// <summary>Whether a port follows the host, as written (a variable port included).</summary>
    public bool PortWritten { get; init; }

    /// <summary>What follows the address: nginx's URI (<c>/api/</c>, <c>$request_uri</c>), the path of an Apache URL.</summary>
    public string Uri { get; init; } = string.Empty;

    /// <summary>Apache's URL after <c>unix:PATH|</c> (<c>fcgi://localhost/</c>), or null.</summary>
    public string? HandlerUrl { get; init; }

    /// <summary>Where it connects, with the scheme's default port; null for a name nothing resolves here (an upstream,
    /// a balancer, an nginx hostname without a port: the host model gives <c>proxy_pass</c>'s its default port where no
    /// <c>upstream</c> has the name, <see cref="Nginx.NginxFrontEnds"/>), a <see cref="EndpointKind.Variable"/> endpoint
    /// for a variable address. An Apache <c>http</c>/<c>https</c>/<c>ws</c>/<c>wss</c> URL's host without a port has
    /// mod_proxy's default port.</summary>
    public Endpoint? Endpoint { get; init; }

    /// <summary>A name that is not an IP address: an upstream, a balancer (<c>balancer://NAME</c>), or a hostname to resolve.</summary>
    public string? Name { get; init; }

    /// <summary>The address itself (host, port or socket) holds a variable: it is resolved per request.</summary>
    public bool HasVariable { get; init; }

    /// <summary>The part after the address holds a variable (nginx then evaluates the whole URL per request).</summary>
    public bool UriHasVariable { get; init; }

    /// <summary>The variable that is the whole host (<c>http://$backend:8080</c> gives <c>backend</c>), or null.</summary>
    public string? HostVariable { get; init; }

    public override string ToString() => Text;

    private static int DefaultPort(string? scheme) => scheme switch
    {
        "https" or "grpcs" or "wss" => 443,
        "fcgi" => 9000,
        "ajp" => 8009,
        "uwsgi" or "suwsgi" => -1,
        _ => 80,
    };

    /// <summary>An nginx <c>*_pass</c> target or <c>upstream</c> server address.</summary>
    public static ProxyTarget ParseNginx(string text)
    {
        if (text.StartsWith(UnixPrefix, StringComparison.OrdinalIgnoreCase))
        {
            // fastcgi_pass unix:/run/php.sock; uwsgi_pass unix:///tmp/uwsgi.sock (extra slashes are harmless).
            var socket = "/" + text[UnixPrefix.Length..].TrimStart('/');
            return new ProxyTarget { Text = text, SocketPath = socket, Endpoint = Endpoint.Unix(socket, text) };
        }

        var separator = text.IndexOf(SchemeSeparator, StringComparison.Ordinal);
        var restStart = separator > 0 ? separator + SchemeSeparator.Length : 0;
        var target = new ProxyTarget
        {
            Text = text,
            SchemeText = separator > 0 ? SchemeOf(text, separator) : null,
            Scheme = separator > 0 ? SchemeOf(text, separator).ToLowerInvariant() : null,
            HostVariable = HostVariableAt(text, restStart),
        };
        var rest = text[restStart..];
        if (target.Scheme is not null && rest.StartsWith(UnixPrefix, StringComparison.OrdinalIgnoreCase))
        {
            // proxy_pass http://unix:/path:/uri: the socket path ends at the first ':' after "unix:".
            var path = rest[UnixPrefix.Length..];
            var colon = path.IndexOf(':');
            var uri = colon >= 0 ? path[(colon + 1)..] : string.Empty;
            path = colon >= 0 ? path[..colon] : path;
            return target with { SocketPath = path, Uri = uri, Endpoint = Endpoint.Unix(path, UnixPrefix + path) };
        }

        return WithAuthority(target, text, restStart);
    }

    /// <summary>An Apache <c>ProxyPass</c>/<c>ProxyPassMatch</c> URL, a <c>SetHandler "proxy:..."</c>, a <c>BalancerMember</c>.</summary>
    public static ProxyTarget ParseApache(string text)
    {
        var prefix = text.StartsWith(HandlerPrefix, StringComparison.OrdinalIgnoreCase) ? text[..HandlerPrefix.Length] : string.Empty;
        var value = text[prefix.Length..];
        if (value.StartsWith(UnixPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var bar = value.IndexOf('|');
            var path = ApacheSocketPath(bar >= 0 ? value[UnixPrefix.Length..bar] : value[UnixPrefix.Length..]);
            var handler = bar >= 0 ? value[(bar + 1)..] : null;
            var scheme = handler is not null && handler.IndexOf(SchemeSeparator, StringComparison.Ordinal) is var s and > 0 ? handler[..s] : null;
            return new ProxyTarget
            {
                Text = text, Syntax = ProxyTargetSyntax.Apache, Prefix = prefix, SocketPath = path, HandlerUrl = handler,
                SchemeText = scheme, Scheme = scheme?.ToLowerInvariant(), Endpoint = Endpoint.Unix(path, UnixPrefix + path),
            };
        }

        const string balancer = "balancer://";
        if (value.StartsWith(balancer, StringComparison.OrdinalIgnoreCase))
        {
            var name = value[balancer.Length..].TrimEnd('/');
            var slash = name.IndexOf('/');
            return new ProxyTarget
            {
                Text = text, Syntax = ProxyTargetSyntax.Apache, Prefix = prefix, SchemeText = value[..(balancer.Length - SchemeSeparator.Length)],
                Scheme = "balancer", Name = balancer + (slash >= 0 ? name[..slash] : name),
            };
        }

        var separator = value.IndexOf(SchemeSeparator, StringComparison.Ordinal);
        var restStart = prefix.Length + (separator > 0 ? separator + SchemeSeparator.Length : 0);
        var parsed = WithAuthority(
            new ProxyTarget
            {
                Text = text, Syntax = ProxyTargetSyntax.Apache, Prefix = prefix,
                SchemeText = separator > 0 ? SchemeOf(value, separator) : null, Scheme = separator > 0 ? SchemeOf(value, separator).ToLowerInvariant() : null,
            },
            text,
            restStart);
        if (parsed.Endpoint is not null || parsed.Name is not { } host)
        {
            return parsed;
        }

        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return parsed with { Endpoint = Endpoint.Tcp("127.0.0.1", DefaultPort(parsed.Scheme)) };
        }

        return ApacheDefaultPort(parsed) is { } port ? parsed with { Endpoint = Endpoint.Tcp(host, port) } : parsed;
    }

    /// <summary>The port mod_proxy connects to for a host name written without one, where the scheme has a default
    /// every build agrees on: <c>http</c> and <c>ws</c> 80, <c>https</c> and <c>wss</c> 443 (mod_proxy_http.c,
    /// <c>proxy_http_canon</c> and <c>ap_proxy_determine_connection</c>: no port is <c>apr_uri_port_of_scheme</c>;
    /// proxy_util.c's scheme table gives ws 80 and wss 443). Apache has no named upstream a host could be (a balancer is
    /// <c>balancer://</c>), so the name is a host resolved when connecting. Null for other schemes, a port written or a
    /// variable in the address.</summary>
    private static int? ApacheDefaultPort(ProxyTarget parsed) =>
        parsed is { PortWritten: false, HasVariable: false, Scheme: "http" or "https" or "ws" or "wss" } ? DefaultPort(parsed.Scheme) : null;

    /// <summary>The socket path of Apache's <c>unix:PATH|URL</c>: mod_proxy parses <c>unix:PATH</c> as a URI
    /// (proxy_util.c, <c>fix_uds_filename</c> and <c>ap_proxy_define_worker_ex</c>: <c>apr_uri_parse</c>, then its path), so
    /// <c>unix:///run/app.sock</c> names <c>/run/app.sock</c> (an empty authority) and <c>unix://run/app.sock</c> names
    /// <c>/app.sock</c> (its authority <c>run</c> is not part of the path). Without <c>//</c> the text is the path.</summary>
    internal static string ApacheSocketPath(string written)
    {
        if (!written.StartsWith("//", StringComparison.Ordinal))
        {
            return written;
        }

        var slash = written.IndexOf('/', 2);
        return slash >= 0 ? written[slash..] : written;
    }

    /// <summary>Reads <c>host[:port]</c> (or a variable) at <paramref name="start"/> of <paramref name="text"/> and what follows it.</summary>
    private static ProxyTarget WithAuthority(ProxyTarget target, string text, int start)
    {
        var rest = text[start..];
        var slash = rest.IndexOf('/');
        var authority = slash >= 0 ? rest[..slash] : rest;
        var portWritten = authority.StartsWith('[') ? authority.Contains("]:", StringComparison.Ordinal) : authority.Contains(':');
        var uriHasVariable = slash >= 0 && rest.IndexOf('$', slash) >= 0;
        target = target with { PortWritten = portWritten, Uri = slash >= 0 ? rest[slash..] : string.Empty, UriHasVariable = uriHasVariable };
        var dollar = authority.IndexOf('$');
        if (dollar >= 0)
        {
            var hostEnd = authority.StartsWith('[') ? authority.IndexOf(']') + 1 : authority.IndexOf(':') is var c and >= 0 ? c : authority.Length;
            if (dollar < hostEnd || hostEnd <= 0)
            {
                return target with { Endpoint = Endpoint.Variable(text), HasVariable = true };
            }

            // http://127.0.0.1:8000$request_uri: the host is written out, the variable only completes the URL.
            target = target with { Uri = rest[dollar..], UriHasVariable = true };
            authority = authority[..dollar].TrimEnd(':');
        }

        var hasPort = authority.StartsWith('[') ? authority.Contains("]:", StringComparison.Ordinal) : authority.Contains(':');
        if (!Endpoint.TrySplitHostPort(authority, DefaultPort(target.Scheme) is > 0 and var p ? p : 80, out var host, out var port))
        {
            return target;
        }

        target = target with { HostAt = host.Length > 0 ? (start, host.Length) : null };
        var bareHost = host.Trim('[', ']');
        if (Endpoint.IsIpAddress(bareHost))
        {
            return target with { Endpoint = Endpoint.Tcp(host, port, authority) };
        }

        // A name: an upstream when one has it (then any port is an error), else a hostname resolved at start.
        var endpoint = hasPort || bareHost.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? Endpoint.Tcp(host, port, authority) : null;
        return target with { Endpoint = endpoint, Name = bareHost };
    }

    /// <summary>The variable that makes up the whole host at <paramref name="start"/>: <c>$name</c> or <c>${name}</c>,
    /// followed by the end, a port, a path or another variable.</summary>
    private static string? HostVariableAt(string text, int start)
    {
        if (start >= text.Length || text[start] != '$')
        {
            return null;
        }

        if (text.AsSpan(start).StartsWith("${", StringComparison.Ordinal))
        {
            var close = text.IndexOf('}', start);
            return close > start + 2 ? text[(start + 2)..close] : null;
        }

        var end = start + 1;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
        {
            end++;
        }

        var next = end < text.Length ? text[end] : '/';
        return next is ':' or '/' or '$' ? text[(start + 1)..end] : null;
    }

    /// <summary>
    /// The target written to connect to <paramref name="connect"/> instead, in the form it has: nginx <c>unix:PATH</c> or
    /// <c>HOST:PORT</c>, a URL keeping its scheme and URI (a socket in a URL is <c>scheme://unix:PATH:/uri</c>); Apache
    /// keeping its <c>proxy:</c> prefix and what follows the address (a RewriteRule's <c>$1</c> included), a socket as
    /// <c>unix:PATH|URL</c> with the handler URL kept.
    /// </summary>
    public string WithEndpoint(Endpoint connect)
    {
        if (Syntax == ProxyTargetSyntax.Haproxy)
        {
            return Haproxy.HaproxyAddress.Write(this, connect);
        }

        var socket = connect.Kind == EndpointKind.Unix;
        if (Syntax == ProxyTargetSyntax.Nginx)
        {
            if (SchemeText is null)
            {
                return socket ? UnixPrefix + connect.Path : connect.Describe();
            }

            return socket
                ? $"{SchemeText}{SchemeSeparator}{UnixPrefix}{connect.Path}" + (Uri.Length > 0 ? ":" + Uri : string.Empty)
                : $"{SchemeText}{SchemeSeparator}{connect.Describe()}{Uri}";
        }

        var url = SocketPath is not null ? HandlerUrl ?? "http://localhost/" : Text[Prefix.Length..];
        if (socket)
        {
            return $"{Prefix}{UnixPrefix}{connect.Path}|{url}";
        }

        var separator = url.IndexOf(SchemeSeparator, StringComparison.Ordinal);
        var scheme = separator >= 0 ? url[..separator] : "http";
        var rest = separator >= 0 ? url[(separator + SchemeSeparator.Length)..] : url;
        // What follows the address is kept as written: a path, or a back-reference right after the port
        // (RewriteRule's http://127.0.0.1:8080$1).
        var slash = rest.IndexOf('/');
        var tail = SocketPath is null && Uri.Length > 0 && rest.EndsWith(Uri, StringComparison.Ordinal) ? Uri : slash >= 0 ? rest[slash..] : string.Empty;
        return $"{Prefix}{scheme}{SchemeSeparator}{connect.Describe()}{tail}";
    }

    /// <summary>The target with its host written as <paramref name="host"/> (a variable, for nginx to resolve per request), or null when it names no host.</summary>
    public string? WithHost(string host) =>
        HostAt is var (start, length) ? Text[..start] + host + Text[(start + length)..] : null;
}
