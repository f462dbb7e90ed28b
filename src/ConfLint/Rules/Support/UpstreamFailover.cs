using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.Apache;
using ConfLint.Host.Haproxy;
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
/// <para>The same holds for the members of an Apache balancer (<see cref="ApacheCarried"/>) and the servers of a HAProxy
/// backend (<see cref="HaproxyCarried"/>), each as its daemon fails over.</para>
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
    /// dead member of a list is most often a version not installed, not a typo), rewritten in place in
    /// <paramref name="findings"/>. Kept as they are where some pass using the member has the retry off, or where no other
    /// primary of the group (nor a backup) is known to answer.
    /// </summary>
    /// <param name="notConnectFailures">Findings where something answers the connect() (another protocol, TLS):
    /// the request is sent and fails after, which nginx does not pass on for POST; never softened.</param>
    public static void Soften(HostModel host, List<Diagnostic> findings, HashSet<Diagnostic> notConnectFailures, List<string> notes)
    {
        Dictionary<(string Path, Text.TextSpan Span), List<(FrontEnd FrontEnd, EndpointSite Member, IReadOnlyList<EndpointSite> Group)>>? members = null;
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
            string? share = null;
            foreach (var (frontEnd, member, group) in uses)
            {
                if (Carried(host, frontEnd, member, group, found, out var kept) is not { } carried)
                {
                    if (kept is not null)
                    {
                        notes.Add($"{finding.Location}: CL001 keeps the {finding.Severity.Name()} on a dead member of an upstream group where another member answers: for {frontEnd.DirectiveName} at {frontEnd.File.DisplayPath}:{frontEnd.Directive.Position.Line}, {kept}");
                        if (frontEnd.Daemon != Syntax.ConfigKind.Nginx)
                        {
                            share ??= kept;
                        }
                    }

                    why = null;
                    break;
                }

                why ??= carried;
            }

            var daemon = uses[0].FrontEnd.Daemon;
            var line = daemon switch
            {
                Syntax.ConfigKind.Apache => "BalancerMember line",
                _ => "server line",
            };
            var advice = $"remove the {line}, or start (install) what should listen at {uses[0].Member.Endpoint.Describe()}";
            if (why is null)
            {
                if (share is not null)
                {
                    // Another member answers, but the daemon does not carry every request over: some fail, not all;
                    // no safe rewrite of one member of a group whose others answer.
                    findings[i] = finding with
                    {
                        Message = $"{finding.Message}; another member of the group answers, but some requests still fail: {share}",
                        Fix = finding.Fix is { Applicability: Applicability.Safe } safe ? safe with { Applicability = Applicability.Unsafe } : finding.Fix,
                    };
                }

                continue;
            }

            var passes = daemon switch
            {
                Syntax.ConfigKind.Apache => "Apache's balancer retries the request on a member that answers",
                Syntax.ConfigKind.Haproxy => "HAProxy sends the requests to a server that answers",
                _ => "nginx passes the request to a member that answers",
            };
            notes.Add($"{finding.Location}: CL001 says info (not {finding.Severity.Name()}) of a dead member of an upstream group: {passes}");
            findings[i] = finding with
            {
                Severity = Severity.Info,
                Message = $"{finding.Message}; but no 502 comes of it: {why}",
                Fix = new Fix(advice, Applicability.DisplayOnly, []),
            };
        }
    }

    /// <summary>Why the pass's request still gets an answer when <paramref name="member"/> does not, or null.</summary>
    /// <param name="group">The members of its group: the upstream's or balancer's servers, the HAProxy backend's.</param>
    /// <param name="kept">Where another member answers but this pass does not retry: why (the directive that stops it).</param>
    private static string? Carried(HostModel host, FrontEnd frontEnd, EndpointSite member, IReadOnlyList<EndpointSite> group, HashSet<(string, Text.TextSpan)> found, out string? kept)
    {
        kept = null;
        var (primary, backup) = LiveOthers(host, member, group, found);
        return frontEnd.Details switch
        {
            NginxPass => NginxCarried(frontEnd, member, primary, backup, out kept),
            ApachePass apache => ApacheCarried(frontEnd, apache, member, primary, backup, out kept),
            HaproxyPass haproxy => HaproxyCarried(haproxy, member, group, primary, backup, out kept),
            _ => null,
        };
    }

    /// <summary>The first other member of the group that answers, among the primaries and among the backups.</summary>
    private static (EndpointSite? Primary, EndpointSite? Backup) LiveOthers(HostModel host, EndpointSite member, IReadOnlyList<EndpointSite> group, HashSet<(string, Text.TextSpan)> found)
    {
        EndpointSite? primary = null;
        EndpointSite? backup = null;
        for (var t = 0; t < group.Count; t++)
        {
            var other = group[t];
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

        return (primary, backup);
    }

    /// <summary>nginx: see the class's summary.</summary>
    private static string? NginxCarried(FrontEnd frontEnd, EndpointSite member, EndpointSite? primary, EndpointSite? backup, out string? kept)
    {
        kept = null;
        var name = frontEnd.Details is NginxPass { Upstream: { } upstream } ? upstream.Name : frontEnd.Target.Text;
        var module = frontEnd.DirectiveName[..^"_pass".Length];
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

    /// <summary>
    /// Apache (httpd 2.4, mod_proxy.c proxy_handler): the request runs in a loop <c>do { ap_proxy_pre_request (the
    /// balancer's find_best_worker); the scheme handler } while (!PROXY_WORKER_IS_USABLE(worker) &amp;&amp; max_attempts &gt;
    /// attempts++)</c>. A refused connect() makes the scheme handler answer 503 (HTTP_SERVICE_UNAVAILABLE, before anything is
    /// sent: a POST's body too goes to the next worker, seen with Debian 12's apache2), and the loop puts the worker in error
    /// state (PROXY_WORKER_IN_ERROR) unless it has <c>status=+I</c> (ignore errors), so the next pass picks another usable
    /// member. <c>maxattempts</c> is the number of members less one by default (mod_proxy's docs, "BalancerMember
    /// parameters": maxattempts), so a balancer of two or more members tries another; a worker in error is skipped for
    /// <c>retry</c> seconds (60) and then tried again, logging AH00957 each time. find_best_worker walks the lbsets from the
    /// lowest, taking a hot standby (<c>status=+H</c>) of a set only where no other worker of it is usable, and a higher
    /// lbset only where the lower ones have none; so any usable member, of any lbset or standby, takes the request in the
    /// end. <c>forcerecovery</c> only matters when every worker is in error. What stops the failover: <c>status=+I</c> on
    /// the dead member (the loop ends on the first 503: a share of the requests fails), <c>maxattempts=0</c> (the request
    /// that finds the dead member out of its retry period fails), and <c>nofailover=On</c> with <c>stickysession</c> (a
    /// session routed to the dead member gets 503: find_session_route; without stickysession it changes nothing, seen with
    /// Debian 12's apache2).
    /// </summary>
    private static string? ApacheCarried(FrontEnd frontEnd, ApachePass pass, EndpointSite member, EndpointSite? primary, EndpointSite? backup, out string? kept)
    {
        kept = null;
        if (primary is null && backup is null)
        {
            return null;
        }

        var name = frontEnd.Target.Name ?? frontEnd.Target.Text;
        var settings = new Dictionary<string, (string Value, string Where)>(StringComparer.Ordinal);
        if (frontEnd.Target.Name is { } balancerName && pass.Balancers.TryGetValue(balancerName, out var balancer))
        {
            foreach (var (key, value, at) in balancer.Settings)
            {
                settings[key] = (value, at);
            }
        }

        if (frontEnd.Directive is Syntax.Apache.ApacheDirective directive && (directive.IsNamed("ProxyPass") || directive.IsNamed("ProxyPassMatch")))
        {
            var after = false;
            for (var a = 0; a < directive.Args.Count; a++)
            {
                if (directive.Arguments[a] == frontEnd.TargetToken)
                {
                    after = true;
                }
                else if (after && directive.Args[a].IndexOf('=', StringComparison.Ordinal) is > 0 and var equals)
                {
                    settings[directive.Args[a][..equals].ToLowerInvariant()] = (directive.Args[a][(equals + 1)..], $"{frontEnd.File.DisplayPath}:{directive.Position.Line}");
                }
            }
        }

        var alive = primary ?? backup!;
        var answers = $"{alive.Endpoint.Describe()} ({alive.Location}) answers";
        if (member.DefinedAt is Syntax.Apache.ApacheDirective memberLine && ApacheWorkerStatus.Has(memberLine.Args, 0, 'I'))
        {
            kept = $"{answers}, but the member has status=+I (ignore errors): httpd never puts it in error state, so mod_proxy's retry loop ends on its 503 and the balancer keeps giving it a share of the requests";
            return null;
        }

        if (settings.TryGetValue("maxattempts", out var attempts) && int.TryParse(attempts.Value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var most) && most < 1)
        {
            kept = $"{answers}, but 'maxattempts={attempts.Value}' at {attempts.Where} lets mod_proxy try no other member: each time the dead member's retry period (retry, 60 s by default) ends, the request that finds it gets a 503";
            return null;
        }

        if (settings.TryGetValue("nofailover", out var nofailover) && nofailover.Value.Equals("on", StringComparison.OrdinalIgnoreCase) && settings.TryGetValue("stickysession", out var sticky))
        {
            kept = $"{answers}, but 'nofailover=On' at {nofailover.Where} with 'stickysession={sticky.Value}' ({sticky.Where}) sends a session routed to the dead member nowhere else: those requests get a 503";
            return null;
        }

        var where = $"{frontEnd.DirectiveName} {frontEnd.Target.Text} at {frontEnd.File.DisplayPath}:{frontEnd.Directive.Position.Line}";
        if (member.Backup && primary is not null)
        {
            return $"it is a hot standby (status=+H) of {name}, which mod_proxy_balancer uses only when no other member is usable, and {answers} ({where})";
        }

        var retry = $"connect() fails there before anything is sent (a POST's body too), httpd puts the member in error state and mod_proxy retries the request on another member of {name} (maxattempts: the members less one by default)";
        return primary is not null
            ? $"{retry}: {answers} ({where}); the dead member is then skipped for its retry period (60 s by default), logging a connect error each time"
            : $"{retry}; every other member is dead, and the hot standby (status=+H) {answers} ({where})";
    }

    /// <summary>
    /// HAProxy (2.6, Debian 12; the configuration manual): a request sent to a server whose connect() fails is retried on
    /// the same server <c>retries</c> times (3 by default, with a 1 s turn-around), and answered with a 503 after.
    /// <c>option redispatch</c> (off unless set; a backend inherits it from its <c>defaults</c> section, <c>no option
    /// redispatch</c> undoes it) moves the last retry to another server. A server with <c>check</c> is health-checked and
    /// marked DOWN when its checks fail (no request failed right after start in the test below), and the load balancer then
    /// sends it nothing; a <c>backup</c> server gets traffic only when every non-backup server is DOWN (seen with Debian
    /// 12's haproxy: without check a dead server keeps half of a round robin's requests, 503 each; with check or with
    /// redispatch none fail; a backup behind dead primaries without check gets none). So a dead server beside one that
    /// answers costs nothing where it has <c>check</c> or the backend redispatches; otherwise a share of the requests fails.
    /// </summary>
    private static string? HaproxyCarried(HaproxyPass pass, EndpointSite member, IReadOnlyList<EndpointSite> group, EndpointSite? primary, EndpointSite? backup, out string? kept)
    {
        kept = null;
        if (primary is null && backup is null)
        {
            return null;
        }

        var proxy = pass.Proxy;
        var server = pass.Server;
        var where = $"{proxy.Describe()} at {proxy.File.DisplayPath}:{proxy.Section.Header.Position.Line}";
        var alive = primary ?? backup!;
        var answers = $"{alive.Endpoint.Describe()} ({alive.Location}) answers";
        if (member.Backup && primary is not null)
        {
            return $"it is a backup server of {where}, which HAProxy uses only when every non-backup server is DOWN, and {answers}";
        }

        if (primary is null)
        {
            // Only a backup answers: HAProxy uses it only once every primary is DOWN, which takes health checks on each.
            foreach (var other in proxy.Servers)
            {
                if (!other.Has("disabled") && !other.Has("backup") && !Checked(other))
                {
                    kept = $"the backup {answers}, but server {other.Name} ({other.Setting.File.DisplayPath}:{other.Setting.Line.Position.Line}) has no 'check', so HAProxy never marks it DOWN and never turns to the backup";
                    return null;
                }
            }

            return $"its 'check' health checks mark it DOWN, as every other non-backup server of {where} is, and HAProxy then sends the requests to the backup server: {answers}";
        }

        if (Checked(server))
        {
            return $"its 'check' health checks mark it DOWN and HAProxy sends the requests of {where} to the servers that are UP: {answers}";
        }

        var retries = proxy.Effective("retries") is var (r, _) && int.TryParse(r.Arg(0), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var count) ? count : 3;
        if (Redispatch(proxy) is { } redispatch && retries > 0)
        {
            return $"HAProxy keeps sending it a share of the requests (no 'check' marks it DOWN), but each fails to connect before anything is sent and {redispatch} moves the last of its {retries} retries to another server: {answers}";
        }

        var stays = Redispatch(proxy) is { } off ? $"with 'retries 0' {off} has no retry to move" : "without 'option redispatch' it never sends a failed request elsewhere";
        kept = $"{answers}, but without 'check' HAProxy never marks the dead server DOWN and {stays}: the share of the requests that {where} gives it gets a 503 after {retries} retries";
        return null;
    }

    /// <summary>Whether HAProxy health-checks the server: <c>check</c> on its line or a <c>default-server</c>'s, not undone by <c>no-check</c>.</summary>
    private static bool Checked(Host.Haproxy.HaproxyServer server) => server.Has("check") && !server.Parameters.Contains("no-check");

    /// <summary>The <c>option redispatch</c> in effect for the proxy ("'option redispatch' in defaults at file:line"), or
    /// null: the last such line of the proxy, else of the defaults it inherits; <c>no option redispatch</c> or an interval
    /// of 0 turns it off, <c>default option redispatch</c> takes the defaults' value.</summary>
    private static string? Redispatch(Host.Haproxy.HaproxyProxy proxy)
    {
        for (var at = proxy; at is not null; at = at.Defaults)
        {
            var line = at.Settings.LastOrDefault(s => s.Keyword == "option" && s.Arg(0) == "redispatch");
            if (line is null || line.Line.Modifier == "default")
            {
                continue;
            }

            return line.Line.Modifier == "no" || line.Arg(1) == "0"
                ? null
                : $"'option redispatch' ({at.Describe()}, {line.File.DisplayPath}:{line.Line.Position.Line})";
        }

        return null;
    }

    /// <summary>A member ConfLint sees a back end listen at, with no CL001 finding of its own.</summary>
    private static bool Live(HostModel host, EndpointSite member, HashSet<(string, Text.TextSpan)> found) =>
        member.Endpoint.IsLocal && host.Providers(member.Endpoint).Count > 0 && !found.Contains((member.Location.Path, member.Location.Span));

    /// <summary>Each member of a group of two servers or more, with the passes that use it and its group: an nginx
    /// upstream's servers, an Apache balancer's members (per pass naming it), a HAProxy backend's servers (one pass each,
    /// grouped by their backend once per run).</summary>
    private static Dictionary<(string Path, Text.TextSpan Span), List<(FrontEnd FrontEnd, EndpointSite Member, IReadOnlyList<EndpointSite> Group)>> Members(HostModel host)
    {
        var members = new Dictionary<(string, Text.TextSpan), List<(FrontEnd, EndpointSite, IReadOnlyList<EndpointSite>)>>();
        void Add(FrontEnd frontEnd, EndpointSite member, IReadOnlyList<EndpointSite> group)
        {
            var key = (member.Location.Path, member.Location.Span);
            if (!members.TryGetValue(key, out var uses))
            {
                members[key] = uses = [];
            }

            uses.Add((frontEnd, member, group));
        }

        Dictionary<Host.Haproxy.HaproxyProxy, List<EndpointSite>>? backends = null;
        foreach (var frontEnd in host.FrontEnds)
        {
            if (frontEnd.File.Container is not null)
            {
                continue;
            }

            if (frontEnd.Details is HaproxyPass { Proxy: { Servers.Count: > 1 } proxy } && frontEnd.Targets.Count == 1)
            {
                backends ??= new Dictionary<Host.Haproxy.HaproxyProxy, List<EndpointSite>>(ReferenceEqualityComparer.Instance);
                if (!backends.TryGetValue(proxy, out var servers))
                {
                    backends[proxy] = servers = [];
                }

                servers.Add(frontEnd.Targets[0]);
                Add(frontEnd, frontEnd.Targets[0], servers);
                continue;
            }

            if (frontEnd.Targets.Count < 2 || !(frontEnd.Details is NginxPass { Upstream: not null } || frontEnd.Details is ApachePass && frontEnd.Target.Scheme == "balancer"))
            {
                continue;
            }

            foreach (var member in frontEnd.Targets)
            {
                Add(frontEnd, member, frontEnd.Targets);
            }
        }

        return members;
    }
}
