namespace ConfLint.Host;

/// <summary>
/// What a proxy directive names, taken apart: a URL's scheme, its host or socket, its port, and whether it
/// holds variables. nginx's <c>proxy_pass http://unix:/run/app.sock:/uri</c>, <c>fastcgi_pass 127.0.0.1:9000</c>,
/// <c>fastcgi_pass unix:/run/php/php8.2-fpm.sock</c>, <c>uwsgi_pass uwsgi://app</c>; Apache's
/// <c>fcgi://127.0.0.1:9000/</c> and <c>unix:/run/php.sock|fcgi://localhost/</c>.
/// </summary>
/// <param name="HasVariable">The address itself (host, port or socket) holds a variable: it is resolved per request.</param>
/// <param name="UriHasVariable">The part after the address holds a variable (nginx then evaluates the whole URL per request).</param>
public sealed record PassTarget(string Text, string? Scheme, Endpoint? Endpoint, string? Name, bool HasVariable, bool UriHasVariable = false)
{
    /// <summary>A name that is not an IP address: an upstream, a balancer, or a hostname to resolve.</summary>
    public bool IsHostname => Name is not null;

    private static int DefaultPort(string? scheme) => scheme switch
    {
        "https" or "grpcs" or "wss" => 443,
        "fcgi" => 9000,
        "ajp" => 8009,
        "uwsgi" or "suwsgi" => -1,
        _ => 80,
    };

    /// <summary>nginx: <c>[scheme://]address[/uri]</c> where address is <c>unix:PATH</c>, <c>host[:port]</c> or a variable.</summary>
    public static PassTarget ParseNginx(string text)
    {
        if (text.StartsWith("unix:", StringComparison.OrdinalIgnoreCase))
        {
            // fastcgi_pass unix:/run/php.sock; uwsgi_pass unix:///tmp/uwsgi.sock (extra slashes are harmless).
            var socket = "/" + text[5..].TrimStart('/');
            return new PassTarget(text, null, Endpoint.Unix(socket, text), null, false);
        }

        string? scheme = null;
        var rest = text;
        var separator = text.IndexOf("://", StringComparison.Ordinal);
        if (separator > 0)
        {
            scheme = text[..separator].ToLowerInvariant();
            rest = text[(separator + 3)..];
        }

        if (rest.StartsWith("unix:", StringComparison.OrdinalIgnoreCase))
        {
            // proxy_pass http://unix:/path:/uri: the socket path ends at the first ':' after "unix:".
            var path = rest[5..];
            if (scheme is not null)
            {
                var colon = path.IndexOf(':');
                if (colon >= 0)
                {
                    path = path[..colon];
                }
            }

            return new PassTarget(text, scheme, Endpoint.Unix(path, "unix:" + path), null, false);
        }

        var slash = rest.IndexOf('/');
        var authority = slash >= 0 ? rest[..slash] : rest;
        var uriHasVariable = slash >= 0 && rest.IndexOf('$', slash) >= 0;
        var dollar = authority.IndexOf('$');
        if (dollar >= 0)
        {
            var hostEnd = authority.StartsWith('[') ? authority.IndexOf(']') + 1 : authority.IndexOf(':') is var c and >= 0 ? c : authority.Length;
            if (dollar < hostEnd || hostEnd <= 0)
            {
                return new PassTarget(text, scheme, Endpoint.Variable(text), null, HasVariable: true, uriHasVariable);
            }

            // http://127.0.0.1:8000$request_uri: the host is written out, the variable only completes the URL.
            authority = authority[..dollar].TrimEnd(':');
            uriHasVariable = true;
        }

        var hasPort = authority.StartsWith('[') ? authority.Contains("]:", StringComparison.Ordinal) : authority.Contains(':');
        if (!Endpoint.TrySplitHostPort(authority, DefaultPort(scheme) is > 0 and var p ? p : 80, out var host, out var port))
        {
            return new PassTarget(text, scheme, null, null, false, uriHasVariable);
        }

        var bareHost = host.Trim('[', ']');
        if (Endpoint.IsIpAddress(bareHost))
        {
            return new PassTarget(text, scheme, Endpoint.Tcp(host, port, authority), null, false, uriHasVariable);
        }

        // A name: an upstream when one has it (then any port is an error), else a hostname resolved at start.
        return new PassTarget(text, scheme, hasPort || bareHost.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? Endpoint.Tcp(host, port, authority) : null, bareHost, false, uriHasVariable);
    }

    /// <summary>
    /// Apache: <c>scheme://host[:port]/path</c>, <c>unix:/path|scheme://host/</c>, <c>balancer://name</c>, and
    /// SetHandler's <c>proxy:</c> prefix (<c>proxy:unix:/run/php.sock|fcgi://localhost</c>).
    /// </summary>
    public static PassTarget ParseApache(string text)
    {
        var value = text.StartsWith("proxy:", StringComparison.OrdinalIgnoreCase) ? text[6..] : text;
        if (value.StartsWith("unix:", StringComparison.OrdinalIgnoreCase))
        {
            var bar = value.IndexOf('|');
            var path = bar >= 0 ? value[5..bar] : value[5..];
            var inner = bar >= 0 ? value[(bar + 1)..] : string.Empty;
            var scheme = inner.IndexOf("://", StringComparison.Ordinal) is var s and > 0 ? inner[..s].ToLowerInvariant() : null;
            return new PassTarget(text, scheme, Endpoint.Unix(path, "unix:" + path), null, false);
        }

        if (value.StartsWith("balancer://", StringComparison.OrdinalIgnoreCase))
        {
            var name = value["balancer://".Length..].TrimEnd('/');
            var slash = name.IndexOf('/');
            return new PassTarget(text, "balancer", null, "balancer://" + (slash >= 0 ? name[..slash] : name), false);
        }

        var parsed = ParseNginx(value);
        var endpoint = parsed.Endpoint;
        if (endpoint is null && parsed.Name is { } hostname && hostname.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            endpoint = Endpoint.Tcp("127.0.0.1", DefaultPort(parsed.Scheme));
        }

        return parsed with { Text = text, Endpoint = endpoint };
    }
}
