namespace ConfLint.Validation;

/// <summary>
/// The backend URL of a ProxyPass or BalancerMember as mod_proxy reads it: a <c>unix:/path|scheme://host/</c> socket
/// needs its URL after the bar ("uses an invalid "unix:" URL"), and <c>ap_proxy_add_worker</c> refuses a URL whose
/// <c>apr_uri_parse</c> gives no scheme or no host ("URL must be absolute!"). Only those clear cases are judged: a
/// word that <c>apr_uri_parse</c> may read otherwise (a leading digit, a port) is left alone.
/// </summary>
internal static class ApacheProxyUrl
{
    public static string? Problem(string url)
    {
        var target = url;
        if (Host.Endpoint.IsUnixAddress(url) && url.Contains('|', StringComparison.Ordinal))
        {
            target = url[(url.IndexOf('|', StringComparison.Ordinal) + 1)..];
            if (target.Length == 0)
            {
                return "uses an invalid \"unix:\" URL";
            }
        }

        if (target.Length == 0 || !char.IsAsciiLetter(target[0]))
        {
            return null;
        }

        var scheme = 0;
        while (scheme < target.Length && (char.IsAsciiLetterOrDigit(target[scheme]) || target[scheme] is '+' or '-' or '.'))
        {
            scheme++;
        }

        // No scheme ("foo", "app/x"), a scheme with no "//" (unix:/run/app.sock), or "//" with nothing after it; "host:8000"
        // is left to apr_uri_parse.
        var absolute = scheme < target.Length && target[scheme] == ':';
        var rest = absolute ? target[(scheme + 1)..] : string.Empty;
        var refused = !absolute
            || (!rest.StartsWith("//", StringComparison.Ordinal) && (rest.Length == 0 || !rest.All(char.IsAsciiDigit)))
            || rest == "//";
        if (refused)
        {
            return $"URL must be absolute!: {url}";
        }

        return null;
    }

    /// <summary>A worker name as <c>ap_proxy_define_worker_ex</c> writes it: the URL after a <c>unix:PATH|</c> socket and
    /// SetHandler's <c>proxy:</c>, scheme and host lower-cased, the scheme's default port left out; cut where
    /// <paramref name="variableAt"/> finds a part known only per request. Null for what is no URL.</summary>
    public static string? WorkerName(string url, Func<string, int>? variableAt = null)
    {
        if (url.StartsWith("proxy:", StringComparison.OrdinalIgnoreCase))
        {
            url = url[6..];
        }

        if (url.StartsWith("unix:", StringComparison.OrdinalIgnoreCase))
        {
            var bar = url.IndexOf('|', StringComparison.Ordinal);
            if (bar < 0)
            {
                return null;
            }

            url = url[(bar + 1)..];
        }

        if (variableAt?.Invoke(url) is >= 0 and var cut)
        {
            url = url[..cut];
        }

        var separator = url.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0 || separator + 3 >= url.Length)
        {
            return null;
        }

        var slash = url.IndexOf('/', separator + 3);
        var head = (slash < 0 ? url : url[..slash]).ToLowerInvariant();
        var scheme = head[..separator];
        var colon = head.LastIndexOf(':');
        if (colon > separator + 3 && !head.EndsWith(']') && DefaultPort(scheme) is > 0 and var port && head[(colon + 1)..] == port.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            head = head[..colon];
        }

        return head + (slash < 0 ? string.Empty : url[slash..]);
    }

    /// <summary><c>ap_proxy_port_of_scheme</c>'s defaults.</summary>
    private static int DefaultPort(string scheme) => scheme switch
    {
        "http" or "ws" or "h2c" => 80,
        "https" or "wss" or "h2" => 443,
        "ajp" => 8009,
        "fcgi" => 8000,
        "scgi" => 4000,
        _ => 0,
    };
}
