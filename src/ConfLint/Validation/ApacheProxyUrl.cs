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
}
