using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.Nginx;

namespace ConfLint.Rules.Support;

/// <summary>
/// What nginx does when one server of an upstream group does not answer while another does: a connect() that fails
/// (ENOENT, ECONNREFUSED) fails before anything is sent, and <c>*_next_upstream error timeout</c> (the default of
/// <c>proxy_</c>, <c>fastcgi_</c>, <c>uwsgi_</c>, <c>scgi_</c>, <c>grpc_</c> and <c>memcached_next_upstream</c>) passes the
/// request to the next server: ngx_http_upstream_connect() calls ngx_http_upstream_next(r, u,
/// NGX_HTTP_UPSTREAM_FT_ERROR) and ngx_http_upstream_next() tries another peer while <c>u-&gt;peer.tries</c> is left and
/// the failure type is in <c>next_upstream</c>. A non-idempotent request (POST, LOCK, PATCH) is withheld from the next
/// server only once it was sent (<c>u-&gt;request_sent</c>: the docs' non_idempotent), which a refused connect() never
/// did. The failed peer then counts a failure and, at <c>max_fails</c> (1 by default), is skipped for
/// <c>fail_timeout</c> (10 s) (ngx_http_upstream_round_robin.c, ngx_http_upstream_free_round_robin_peer). A
/// <c>backup</c> server is tried only when every primary is unavailable (the round robin's backup peers). So a dead member
/// beside a live one costs an error-log line per fail_timeout, not a 502; where every primary is dead and no backup
/// answers, every request gets a 502. <c>*_next_upstream off</c>, a list without <c>error</c>, or
/// <c>*_next_upstream_tries 1</c> stop the retry (https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_next_upstream,
/// #proxy_next_upstream_tries; the same for fastcgi_, uwsgi_, scgi_, grpc_; in the stream module
/// <c>proxy_next_upstream on|off</c>, on by default).
/// </summary>
internal static class UpstreamFailover
{
    /// <summary>Why nginx does not pass a request to the next server of the group when connect() to this pass's server
    /// fails (the <c>*_next_upstream</c> or <c>*_next_upstream_tries</c> that applies here, inherited as nginx inherits it,
    /// with where it is); null where it does (the default <c>error timeout</c>, or a list naming <c>error</c>).</summary>
    public static string? RetryOff(FrontEnd frontEnd)
    {
        if (frontEnd.Details is not NginxPass pass || !frontEnd.DirectiveName.EndsWith("_pass", StringComparison.Ordinal))
        {
            return "not an nginx pass";
        }

        var module = frontEnd.DirectiveName[..^"_pass".Length];
        var stream = (pass.Scope.Context & (Knowledge.NginxContext.Stream | Knowledge.NginxContext.StreamServer)) != 0;
        if (pass.Scope.Effective(module + "_next_upstream") is var (next, nextFile) && next.Args.Count > 0)
        {
            var at = $"'{next.Signature}' at {nextFile.DisplayPath}:{next.Position.Line}";
            if (stream)
            {
                if (string.Equals(next.Args[0], "off", StringComparison.Ordinal))
                {
                    return $"{at} turns the retry on the next server off";
                }
            }
            else if (next.Args.Contains("off", StringComparer.Ordinal))
            {
                return $"{at} turns passing a request to the next server off";
            }
            else if (!next.Args.Contains("error", StringComparer.Ordinal))
            {
                return $"{at} does not name 'error', so a connect error is not passed to the next server";
            }
        }

        if (pass.Scope.Effective(module + "_next_upstream_tries") is var (tries, triesFile) && tries.Args.Count > 0
            && string.Equals(tries.Args[0], "1", StringComparison.Ordinal))
        {
            return $"'{tries.Signature}' at {triesFile.DisplayPath}:{tries.Position.Line} allows one attempt only";
        }

        return null;
    }

    /// <summary>
    /// CL001's findings on members of an nginx upstream group where nginx carries the request on to a member that
    /// answers: info, with why (no 502; a connect error per fail_timeout in the error log), and the fix only advice (a
    /// dead member of a list is most often a version not installed, not a typo). Kept as they are where some pass using
    /// the member has the retry off, or where no other primary of the group (nor a backup) is known to answer.
    /// </summary>
    /// <param name="notConnectFailures">Findings where something answers the connect() (another protocol, TLS):
    /// the request is sent and fails after, which nginx does not pass on for POST; never softened.</param>
    public static IEnumerable<Diagnostic> Soften(HostModel host, List<Diagnostic> findings, HashSet<Diagnostic> notConnectFailures, List<string> notes)
    {
        Dictionary<(string Path, Text.TextSpan Span), List<(FrontEnd FrontEnd, EndpointSite Member)>>? members = null;
        HashSet<(string Path, Text.TextSpan Span)>? found = null;
        for (var i = 0; i < findings.Count; i++)
        {
            var finding = findings[i];
            if (finding.Severity < Severity.Warning || notConnectFailures.Contains(finding))
            {
                continue;
            }

            // The groups are read once per run, and only where a finding is left to look at.
            members ??= Members(host);
            if (members.Count == 0)
            {
                break;
            }

            var key = (finding.Location.Path, finding.Location.Span);
            if (!members.TryGetValue(key, out var uses))
            {
                continue;
            }

            if (found is null)
            {
                found = new HashSet<(string, Text.TextSpan)>();
                foreach (var other in findings)
                {
                    found.Add((other.Location.Path, other.Location.Span));
                }
            }

            string? why = null;
            foreach (var (frontEnd, member) in uses)
            {
                if (Carried(host, frontEnd, member, found, out var kept) is not { } carried)
                {
                    if (kept is not null)
                    {
                        notes.Add($"{finding.Location}: CL001 keeps the {finding.Severity.Name()} on a dead member of an upstream group where another member answers: for {frontEnd.DirectiveName} at {frontEnd.File.DisplayPath}:{frontEnd.Directive.Position.Line}, {kept}");
                    }

                    why = null;
                    break;
                }

                why ??= carried;
            }

            if (why is null)
            {
                continue;
            }

            notes.Add($"{finding.Location}: CL001 says info (not {finding.Severity.Name()}) of a dead member of an upstream group: nginx passes the request to a member that answers");
            var advice = $"remove the server line, or start (install) what should listen at {uses[0].Member.Endpoint.Describe()}";
            findings[i] = finding with
            {
                Severity = Severity.Info,
                Message = $"{finding.Message}; but no 502 comes of it: {why}",
                Fix = new Fix(advice, Applicability.DisplayOnly, []),
            };
        }

        return findings;
    }

    /// <summary>Why the pass's request still gets an answer when <paramref name="member"/> does not, or null.</summary>
    /// <param name="kept">Where another member answers but this pass does not retry: why (the directive that stops it).</param>
    private static string? Carried(HostModel host, FrontEnd frontEnd, EndpointSite member, HashSet<(string, Text.TextSpan)> found, out string? kept)
    {
        kept = null;
        var name = frontEnd.Details is NginxPass { Upstream: { } upstream } ? upstream.Name : frontEnd.Target.Text;
        var module = frontEnd.DirectiveName[..^"_pass".Length];
        EndpointSite? primary = null;
        EndpointSite? backup = null;
        var targets = frontEnd.Targets;
        for (var t = 0; t < targets.Count; t++)
        {
            var other = targets[t];
            if (ReferenceEquals(other, member) || (other.Location.Path == member.Location.Path && other.Location.Span == member.Location.Span)
                || !Live(host, other, found))
            {
                continue;
            }

            if (other.Backup)
            {
                backup ??= other;
            }
            else
            {
                primary ??= other;
            }
        }

        var where = $"{frontEnd.DirectiveName} {name} at {frontEnd.File.DisplayPath}:{frontEnd.Directive.Position.Line}";
        if (member.Backup && primary is not null)
        {
            return $"it is a backup server of upstream {name}, which nginx tries only when every primary server is unavailable, and {primary.Endpoint.Describe()} ({primary.Location}) answers ({where})";
        }

        if (RetryOff(frontEnd) is { } off)
        {
            kept = primary is not null || backup is not null ? off : null;
            return null;
        }

        var retry = $"connect() fails there before anything is sent, and {module}_next_upstream (the default 'error timeout', for POST too: a non-idempotent request is only withheld once sent) passes the request to the next server of upstream {name}";
        if (primary is not null)
        {
            return $"{retry}, {primary.Endpoint.Describe()} ({primary.Location}), which answers ({where}); nginx then skips the dead server for fail_timeout (10 s by default), logging a connect() error each time";
        }

        return backup is not null
            ? $"{retry}; every primary server is dead, and nginx then uses the backup {backup.Endpoint.Describe()} ({backup.Location}), which answers ({where})"
            : null;
    }

    /// <summary>A member ConfLint sees a back end listen at, with no CL001 finding of its own.</summary>
    private static bool Live(HostModel host, EndpointSite member, HashSet<(string, Text.TextSpan)> found) =>
        member.Endpoint.IsLocal && host.Providers(member.Endpoint).Count > 0 && !found.Contains((member.Location.Path, member.Location.Span));

    /// <summary>Each member of an nginx upstream group of two servers or more, with the passes that use it.</summary>
    private static Dictionary<(string Path, Text.TextSpan Span), List<(FrontEnd FrontEnd, EndpointSite Member)>> Members(HostModel host)
    {
        var members = new Dictionary<(string, Text.TextSpan), List<(FrontEnd, EndpointSite)>>();
        foreach (var frontEnd in host.FrontEnds)
        {
            if (frontEnd.Details is not NginxPass { Upstream: not null } || frontEnd.Targets.Count < 2 || frontEnd.File.Container is not null)
            {
                continue;
            }

            foreach (var member in frontEnd.Targets)
            {
                var key = (member.Location.Path, member.Location.Span);
                if (!members.TryGetValue(key, out var uses))
                {
                    members[key] = uses = [];
                }

                uses.Add((frontEnd, member));
            }
        }

        return members;
    }
}
