using ConfLint.Host;
using ConfLint.Syntax;

namespace ConfLint.Rules.Support;

/// <summary>
/// The status a proxy answers when it cannot get a request to its back end at all (the connection refused, the socket
/// missing or forbidden, the connection closed before a response): nginx answers 502 (<c>ngx_http_upstream_next</c>
/// with <c>NGX_HTTP_UPSTREAM_FT_ERROR</c> ends in <c>NGX_HTTP_BAD_GATEWAY</c>); Apache answers 503 (mod_proxy_http's,
/// mod_proxy_fcgi's and mod_proxy_ajp's handlers set <c>HTTP_SERVICE_UNAVAILABLE</c> after "failed to make connection to
/// backend", AH01114/AH01079, and mod_proxy_fcgi also when the back end drops the connection, AH01075); HAProxy answers
/// 503 (<c>http_return_srv_error</c> for a connection error). A message names the status of the front ends that meet the
/// failure, so an operator looking for it in the access log finds it.
/// </summary>
internal static class ProxyStatus
{
    /// <summary>"502", "503", or both with the daemons that answer each; "502" where no front end is known.</summary>
    public static string Unreachable(IEnumerable<FrontEnd> frontEnds) => Unreachable(frontEnds.Select(f => f.Daemon));

    /// <inheritdoc cref="Unreachable(IEnumerable{FrontEnd})"/>
    public static string Unreachable(IEnumerable<ConfigKind> daemons)
    {
        var (bad, unavailable) = (false, false);
        foreach (var daemon in daemons)
        {
            if (daemon is ConfigKind.Apache or ConfigKind.Haproxy)
            {
                unavailable = true;
            }
            else
            {
                bad = true;
            }
        }

        return (bad, unavailable) switch
        {
            (false, true) => "503",
            (true, true) => "502 (nginx) or 503 (Apache, HAProxy)",
            _ => "502",
        };
    }
}
