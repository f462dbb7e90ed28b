using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.Apache;
using ConfLint.Host.Haproxy;
using ConfLint.Host.Nginx;
using ConfLint.Knowledge;
using ConfLint.Rules.Support;
using ConfLint.Syntax.Nginx;
using ConfLint.Text;

namespace ConfLint.Rules;

public sealed class CL015UnknownUpstream : Rule
{
    public override string Code => "CL015";

    public override IEnumerable<Diagnostic> Check(RuleContext context)
    {
        foreach (var diagnostic in CheckApache(context))
        {
            yield return diagnostic;
        }

        foreach (var diagnostic in CheckUpstreamServers(context))
        {
            yield return diagnostic;
        }

        foreach (var diagnostic in CheckHaproxyServers(context))
        {
            yield return diagnostic;
        }

        foreach (var frontEnd in context.Host.FrontEnds)
        {
            var names = context.Host.ResolutionFor(frontEnd.File);
            if (frontEnd.Details is not NginxPass { Scope: var scope, Instance: var nginx, Upstream: null } || frontEnd.Directive is not NginxDirective
                || frontEnd.Target is not { HasVariable: false, SocketPath: null, Name: { } name } target)
            {
                continue;
            }

            var upstreams = nginx.UpstreamsFor(scope);
            if (upstreams.TryGetValue(name, out var named))
            {
                // An upstream's name with a port: ngx_http_upstream_add compares the pass's host with the upstream blocks'
                // names and refuses a port on one, in either order ('upstream "flower" may not have port 8888', nginx -t
                // 1.22.1). The port dropped is one way out, the upstream renamed another: the fix is not safe.
                if (target.PortWritten && scope.Context != NginxContext.StreamServer && target.Endpoint is { Port: > 0 and var port })
                {
                    yield return Report(frontEnd.TargetToken.Location,
                        $"{frontEnd.DirectiveName} {target.Text}: '{name}' is the name of upstream '{named.Name}', and nginx takes no port on an upstream's name: nginx refuses to start ('upstream \"{named.Name}\" may not have port {port}')",
                        [Related(named.Directive.Arguments[0].Location, $"upstream '{named.Name}' is defined here")], RenameFix(frontEnd, target, named.Name, certain: false));
                }

                continue;
            }

            var candidates = Candidates(name, upstreams.Keys);
            // With a port the name is no upstream wherever upstreams are defined: nginx refuses an upstream's name with a
            // port ('upstream "X" may not have port'), in either order; so what was not read changes nothing here.
            if (candidates.Count == 0 && !nginx.SeesAllDefinitions && !target.PortWritten)
            {
                // A near miss of a defined upstream is evidence enough of a typo; a name like no other may be defined
                // in what was not read (a repository leaves conf.d to the deployment, an image writes it at build).
                context.Notes.Add($"{frontEnd.File.DisplayPath}:{frontEnd.Directive.Position.Line}: CL015 not judged: '{name}' may be an upstream of a file ConfLint did not read (a lone file, or an include of a folder not under the root)");
                continue;
            }

            var meant = Meant(candidates);
            var head = $"{frontEnd.DirectiveName} {target.Text}: no upstream is named '{name}'{meant}";

            // Without a scheme's port (fastcgi_pass, uwsgi_pass, scgi_pass, grpc_pass, memcached_pass, stream's proxy_pass)
            // nginx needs a port for a host: a bare name that is no upstream is refused whatever DNS says.
            var schemePort = frontEnd.DirectiveName == "proxy_pass" && target.Scheme is "http" or "https";
            string message;
            var certain = true;
            if (!schemePort && !target.PortWritten)
            {
                message = $"{head}, and without a port nginx takes it for a host name: nginx refuses to start ('no port in upstream \"{name}\"')";
            }
            else
            {
                switch (names.Classify(name))
                {
                    case NameResolution.Unresolvable:
                        message = $"{head}, and this host cannot resolve it ({WhyUnresolvable(names)}): nginx refuses to start ('host not found in upstream \"{name}\"')";
                        break;
                    case NameResolution.Unknown when candidates.Count > 0:
                        certain = false;
                        message = $"{head}; unless {WhatMightResolve(names, name)} answers for '{name}', nginx refuses to start ('host not found in upstream \"{name}\"')";
                        break;
                    case NameResolution.Unknown:
                        context.Notes.Add($"{frontEnd.File.DisplayPath}:{frontEnd.Directive.Position.Line}: CL015 cannot tell whether {WhatMightResolve(names, name)} resolves '{name}'; not judged");
                        continue;
                    default:
                        continue;
                }
            }

            var related = candidates.Where(upstreams.ContainsKey).Select(c => Related(upstreams[c].Directive.Arguments[0].Location, $"upstream '{c}' is defined here")).ToList();
            var diagnostic = Report(frontEnd.TargetToken.Location, message, related, candidates.Count == 1 ? RenameFix(frontEnd, target, candidates[0], certain) : null);
            yield return certain ? diagnostic : diagnostic with { Severity = Severity.Info };
        }
    }

    /// <summary>
    /// nginx resolves the name of every <c>server</c> line of every <c>upstream</c> block (http and stream, used or not)
    /// when it reads the configuration: ngx_http_upstream_server and ngx_stream_upstream_server hand the address to
    /// ngx_parse_url without <c>no_resolve</c>, which resolves the host through the system resolver
    /// (ngx_inet_resolve_host); a name that does not resolve stops the load, 'host not found in upstream "flower:8888"'
    /// (checked with nginx -t 1.22.1, an upstream no location uses included). Only a <c>server ... resolve</c> line
    /// (nginx 1.27.3 or later, and nginx Plus: https://nginx.org/en/docs/http/ngx_http_upstream_module.html#resolve) is
    /// left to the <c>resolver</c> at run time: not judged here. The evidence is the passes': one label, not in
    /// /etc/hosts, no search domain, or in a Compose container not a name of a running service on its networks
    /// (<see cref="HostResolution.Classify"/>); where only a near-miss spelling of a name that resolves is evidence, info.
    /// </summary>
    private IEnumerable<Diagnostic> CheckUpstreamServers(RuleContext context)
    {
        var seen = new HashSet<NginxDirective>(ReferenceEqualityComparer.Instance);
        foreach (var nginx in context.Host.Nginx)
        {
            foreach (var upstream in nginx.Upstreams.Values.Concat(nginx.StreamUpstreams.Values))
            {
                foreach (var (server, file) in upstream.Servers)
                {
                    if (server.Args.Count == 0 || !seen.Add(server)
                        || server.Args[0].Contains('$', StringComparison.Ordinal) || server.Args[0].StartsWith("unix:", StringComparison.OrdinalIgnoreCase)
                        || ProxyTarget.ParseNginx(server.Args[0]) is not { Name: { } name } target)
                    {
                        continue;
                    }

                    if (server.Args.Skip(1).Contains("resolve"))
                    {
                        var passing = nginx.Passes.Where(p => p.Directive.Args.Count > 0 && PassesTo(p.Directive.Args[0], upstream.Name)).Take(3)
                            .Select(p => Related(p.Directive, $"{p.Directive.Name} uses upstream '{upstream.Name}'")).ToList();
                        if (RunTimeName(context, file, server, name, upstream, passing) is { } atRunTime)
                        {
                            yield return atRunTime;
                        }

                        continue;
                    }

                    if (JudgeStartName(context, file, server.Position.Line, name, $"upstream '{upstream.Name}'") is not { } verdict)
                    {
                        continue;
                    }

                    var refused = $"nginx resolves every upstream server's name when it loads the configuration and refuses to start ('host not found in upstream \"{server.Args[0]}\"')";
                    var message = verdict.Message($"upstream '{upstream.Name}' server {server.Args[0]}", refused);
                    var start = verdict.NotStarted is null ? string.Empty : $"start the service that answers to '{name}' whenever nginx starts (or move this upstream out with what uses it), ";
                    var fix = verdict.Fix(verdict.Candidates.Count == 1 && target.WithHost(verdict.Candidates[0]) is { } renamed ? Edits.ReplaceValue(file, server.Arguments[0], renamed) : null,
                        $"Make '{name}' resolvable where nginx starts: {start}write an address or a name this host resolves, or add 'resolve' with a 'resolver' and a 'zone' (nginx 1.27.3 or later) so that nginx resolves it at run time");

                    var users = nginx.Passes.Where(p => p.Directive.Args.Count > 0 && PassesTo(p.Directive.Args[0], upstream.Name)).Take(3)
                        .Select(p => Related(p.Directive, $"{p.Directive.Name} uses upstream '{upstream.Name}'")).ToList();
                    yield return verdict.Graded(Report(server.Arguments[0].Location, message, users, fix));
                }
            }
        }
    }

    /// <summary>
    /// An upstream <c>server NAME resolve</c> in a Compose service's nginx: nginx starts without the name's address and asks
    /// its <c>resolver</c> (Docker's DNS, 127.0.0.11, in a container) at run time; where no running service on the
    /// container's networks answers to the name (<see cref="HostResolution.Classify"/> proves it unresolvable: the project
    /// fully known, no external network, <c>network_mode</c> or links that widen the names), the server never gets an
    /// address and every request through the upstream fails with 502 ("no live upstreams"). Judged only in a Compose
    /// container, and only where that is certain and no service of the name is merely not started (a profile, a scale of
    /// 0: what <c>resolve</c> is for); on a host, the resolver nginx asks may answer from sources the root does
    /// not show (systemd-resolved's /etc/hosts and LLMNR), so a host's <c>resolve</c> server is left alone.
    /// </summary>
    private Diagnostic? RunTimeName(RuleContext context, Workspace.ConfigFile file, NginxDirective server, string name, NginxUpstream upstream, List<RelatedLocation> users)
    {
        var names = context.Host.ResolutionFor(file);
        if (!names.IsContainer || names.Service is null
            || JudgeStartName(context, file, server.Position.Line, name, $"upstream '{upstream.Name}', resolved at run time") is not { Certain: true, NotStarted: null } verdict)
        {
            // A service of the name that only does not run (a profile not enabled, scaled to 0) is what 'resolve' is for:
            // nginx starts without it, and its requests work once the service is started.
            return null;
        }

        var failure = $"nginx starts (with 'resolve' it asks its resolver at run time), but Docker's DNS has no address for '{name}', so the server never gets one and every request through upstream '{upstream.Name}' is answered 502 ('no live upstreams')";
        var message = verdict.Message($"upstream '{upstream.Name}' server {server.Args[0]} resolve", failure);
        var renamed = verdict.Candidates.Count == 1 && ProxyTarget.ParseNginx(server.Args[0]) is { } target && target.WithHost(verdict.Candidates[0]) is { } written ? written : null;
        var fix = verdict.Fix(renamed is null ? null : Edits.ReplaceValue(file, server.Arguments[0], renamed),
            $"Name a service that runs on the networks of service '{names.Service.Name}' (or join it to the network of the service meant)");
        return verdict.Graded(Report(server.Arguments[0].Location, message, users, fix));
    }

    /// <summary>
    /// HAProxy resolves each <c>server</c>'s name when it starts, by its <c>init-addr</c> methods in order (default
    /// <c>last,libc</c>: the server-state file's address, then the system resolver), and refuses to start when none gives
    /// an address: "[ALERT] config : [haproxy.cfg:12] : 'server b/s1' : could not resolve address 'appx'", then "Failed to
    /// initialize server(s) addr." (checked with <c>haproxy -c</c> 2.6.12; https://docs.haproxy.org/2.6/configuration.html#5.2-init-addr).
    /// A <c>resolvers</c> on the line changes nothing at start. Not judged: an <c>init-addr</c> with <c>none</c> or an IP
    /// address (HAProxy starts with the server down or at that address), <c>last</c> with a
    /// <c>load-server-state-from-file</c> (the state file may hold an address), a <c>server-template</c>, an address with a
    /// variable. The evidence is the nginx checks' (<see cref="HostResolution.Classify"/>).
    /// </summary>
    private IEnumerable<Diagnostic> CheckHaproxyServers(RuleContext context)
    {
        foreach (var instance in context.Host.Haproxy)
        {
            foreach (var proxy in instance.Proxies)
            {
                if (!proxy.IsBackend)
                {
                    continue;
                }

                foreach (var server in proxy.Servers)
                {
                    if (server.IsTemplate || server.AddressToken is not { } token || server.Target is not { Name: { } name, HasVariable: false, SocketPath: null } target)
                    {
                        continue;
                    }

                    var methods = (server.Parameter("init-addr") ?? "last,libc").Split(',', StringSplitOptions.TrimEntries);
                    var stateFile = proxy.Effective("load-server-state-from-file")?.Setting.Arg(0) is { } state && state != "none";
                    if (methods.Any(m => m == "none" || Endpoint.IsIpAddress(m)) || (stateFile && methods.Contains("last")) || !methods.Contains("libc"))
                    {
                        continue;
                    }

                    var file = server.Setting.File;
                    if (JudgeStartName(context, file, server.Setting.Line.Position.Line, name, $"{proxy.Describe()} server {server.Name}") is not { } verdict)
                    {
                        continue;
                    }

                    var refused = $"{instance.Describe()} resolves every server's name when it starts (init-addr {string.Join(',', methods)}) and refuses to start (\"'server {proxy.Name}/{server.Name}' : could not resolve address '{name}'\")";
                    var message = verdict.Message($"{proxy.Describe()} server {server.Name} {server.Address}", refused);
                    var written = token.Text;
                    var at = written.IndexOf(name, StringComparison.Ordinal);
                    var fix = verdict.Fix(verdict.Candidates.Count == 1 && at >= 0 && written == server.Address ? Edits.ReplaceValue(file, token, written[..at] + verdict.Candidates[0] + written[(at + name.Length)..]) : null,
                        $"Make '{name}' resolvable where HAProxy starts (an address, or a name this host resolves), or add 'init-addr last,libc,none' so that HAProxy starts with the server down until a 'resolvers' section finds it");
                    yield return verdict.Graded(Report(token.Location, message, [], fix));
                }
            }
        }
    }

    /// <summary>
    /// The verdict on a name a daemon resolves when it starts (an nginx upstream's <c>server</c>, a HAProxy <c>server</c>):
    /// null where the host resolves it (/etc/hosts, DNS), or where nothing proves it does not and no near name offers
    /// itself (a note then says what was not checked). Certain where <see cref="HostResolution.Classify"/> proves it
    /// unresolvable; otherwise the near names are the only evidence, and the finding is info.
    /// </summary>
    private static StartName? JudgeStartName(RuleContext context, Workspace.ConfigFile file, int line, string name, string what)
    {
        var names = context.Host.ResolutionFor(file);
        var resolution = names.Classify(name);
        if (resolution is NameResolution.Static or NameResolution.Dns)
        {
            return null;
        }

        var candidates = Candidates(name, KnownNames(names).Where(n => !n.Equals(name, StringComparison.OrdinalIgnoreCase)));
        if (resolution == NameResolution.Unknown && candidates.Count == 0)
        {
            context.Notes.Add($"{file.DisplayPath}:{line}: CL015 cannot tell whether {WhatMightResolve(names, name)} resolves '{name}' ({what}); not judged");
            return null;
        }

        return new StartName(names, name, resolution == NameResolution.Unresolvable, candidates, NotStarted(names, name));
    }

    /// <summary>A name a daemon cannot resolve at start (<see cref="JudgeStartName"/>): its message, fix and severity, one
    /// wording for every daemon.</summary>
    private sealed record StartName(HostResolution Names, string Name, bool Certain, List<string> Candidates, string? NotStarted)
    {
        /// <summary>"SUBJECT: this host cannot resolve 'NAME' (why): REFUSED", or, where only a near name is evidence,
        /// "unless ... answers for 'NAME', REFUSED".</summary>
        public string Message(string subject, string refused) => Certain
            ? $"{subject}: this host cannot resolve '{Name}'{Meant(Candidates)} ({NotStarted ?? WhyUnresolvable(Names)}): {refused}"
            : $"{subject}: '{Name}' is no name this host is known to resolve{Meant(Candidates)}; unless {WhatMightResolve(Names, Name)} answers for '{Name}', {refused}";

        /// <summary>The rename to the one near name (safe where the name is proved unresolvable), else the advice.</summary>
        public Fix Fix(FileEdit? rename, string advice) => rename is not null
            ? new Fix($"Point the server at '{Candidates[0]}'", Certain ? Applicability.Safe : Applicability.Unsafe, [rename])
            : new Fix(advice, Applicability.DisplayOnly, []);

        /// <summary>The finding at the rule's severity where certain, info otherwise.</summary>
        public Diagnostic Graded(Diagnostic diagnostic) => Certain ? diagnostic : diagnostic with { Severity = Severity.Info };
    }

    /// <summary>Whether a pass's written target names the upstream (<c>http://NAME</c>, <c>NAME</c>, <c>grpc://NAME</c>, a URI after it).</summary>
    private static bool PassesTo(string written, string upstream)
    {
        var rest = written.Contains("://", StringComparison.Ordinal) ? written[(written.IndexOf("://", StringComparison.Ordinal) + 3)..] : written;
        var end = rest.IndexOfAny(['/', '?']);
        return (end < 0 ? rest : rest[..end]).Equals(upstream, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The names a "did you mean" may offer: those of /etc/hosts and, in a Compose container, the running
    /// services' names on its networks.</summary>
    private static IEnumerable<string> KnownNames(HostResolution names) =>
        (names.ComposeNames ?? []).Concat(names.StaticNames).Where(n => !n.Equals("localhost", StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.OrdinalIgnoreCase);

    /// <summary>Why a Compose service that answers to <paramref name="name"/> on the container's networks is not there to
    /// answer: it does not run (a profile not enabled, scaled to zero), so Docker's DNS has no such name.</summary>
    private static string? NotStarted(HostResolution names, string name)
    {
        if (names is not { Service: { } from, Project: { } project })
        {
            return null;
        }

        var running = project.Running.ToHashSet();
        var idle = project.Answering(from, name).Where(s => !running.Contains(s)).ToList();
        if (idle.Count == 0)
        {
            return null;
        }

        var service = idle[0];
        var why = service.ScaledToZero
            ? "is scaled to 0"
            : $"runs only under profile {string.Join(" or ", service.Profiles.Select(p => $"'{p}'"))}, which the project does not enable (COMPOSE_PROFILES{(project.EnabledProfiles.Count == 0 ? " is not set" : $"={string.Join(",", project.EnabledProfiles)}")})";
        return $"Compose service '{service.Name}' {why}, so 'docker compose up' does not start it and Docker's DNS has no '{name}' on the networks of service '{from.Name}'";
    }

    /// <summary>
    /// Apache: a <c>ProxyPass</c>, <c>ProxyPassMatch</c>, <c>RewriteRule ... [P]</c> or <c>SetHandler "proxy:balancer://NAME"</c> to <c>balancer://NAME</c> that no
    /// <c>&lt;Proxy "balancer://NAME"&gt;</c> (nor <c>BalancerMember balancer://NAME URL</c>) defines where it stands: its own
    /// virtual host or the main server (mod_proxy merges the main server's balancers into each virtual host, never one
    /// virtual host's into another). httpd starts: ProxyPass makes an empty balancer of the name, and every request
    /// through it is answered 503 ('No workers in balancer'); a rewrite or a proxy handler to a balancer nothing made finds
    /// no handler for the scheme and is answered 500 (AH01144, checked with apache2 2.4).
    /// </summary>
    private IEnumerable<Diagnostic> CheckApache(RuleContext context)
    {
        foreach (var frontEnd in context.Host.FrontEnds)
        {
            if (frontEnd.Details is not ApachePass pass || frontEnd.Target is not { Scheme: "balancer", HasVariable: false, Name: { } name } target
                || !(frontEnd.DirectiveName.Equals("ProxyPass", StringComparison.OrdinalIgnoreCase) || frontEnd.DirectiveName.Equals("ProxyPassMatch", StringComparison.OrdinalIgnoreCase)
                    || frontEnd.DirectiveName.Equals("RewriteRule", StringComparison.OrdinalIgnoreCase) || frontEnd.DirectiveName.Equals("SetHandler", StringComparison.OrdinalIgnoreCase))
                || pass.Balancers.ContainsKey(name) || !pass.Instance.MayHaveModule("proxy_balancer_module"))
            {
                continue;
            }

            const string scheme = "balancer://";
            var written = name[scheme.Length..];
            var candidates = Candidates(written, pass.Balancers.Keys.Select(k => k[scheme.Length..]));
            var where = $"{frontEnd.File.DisplayPath}:{frontEnd.Directive.Position.Line}";
            var certain = pass.Instance.SeesAllDefinitions;
            if (!certain && candidates.Count == 0)
            {
                context.Notes.Add($"{where}: CL015 not judged: '{name}' may be defined in a file ConfLint did not read (a lone site file, or an include of a folder not under the root)");
                continue;
            }

            var scope = pass.VirtualHost is null ? "in the main server" : "in this <VirtualHost> or the main server";
            var meant = Meant(candidates);
            var other = pass.Elsewhere.TryGetValue(name, out var elsewhere)
                ? $"; the {name} at {elsewhere.File.DisplayPath}:{elsewhere.Token.Position.Line} belongs to another <VirtualHost>, and mod_proxy shows a virtual host only its own balancers and the main server's"
                : string.Empty;

            // A rewrite or a proxy handler reaches an empty balancer only where a ProxyPass of its scope made one.
            var passes = !IsRewriteOrHandler(frontEnd.DirectiveName);
            var madeByProxyPass = passes
                || context.Host.FrontEnds.Any(f => f.Details is ApachePass p && ReferenceEquals(p.Instance, pass.Instance) && (p.VirtualHost is null || ReferenceEquals(p.VirtualHost, pass.VirtualHost))
                    && !IsRewriteOrHandler(f.DirectiveName) && f.Target is { Scheme: "balancer", Name: { } made } && made.Equals(name, StringComparison.OrdinalIgnoreCase));
            var sent = frontEnd.DirectiveName.Equals("SetHandler", StringComparison.OrdinalIgnoreCase) ? "handed to it" : passes ? "passed there" : "rewritten there";
            var answer = madeByProxyPass
                ? $"httpd starts (apache2 -t passes; a ProxyPass to it makes an empty balancer of that name) and answers 503 to every request {sent} ('{name.ToLowerInvariant()}: No workers in balancer', AH01171)"
                : $"httpd starts (apache2 -t passes) and answers 500 to every request {sent} (no balancer of that name exists: 'No protocol handler was valid for the URL ... (scheme 'balancer')', AH01144)";
            var message = $"{frontEnd.DirectiveName} {target.Text}: no balancer '{written}' is defined {scope}{meant}{other}: {answer}"
                + (certain ? string.Empty : "; unless a file ConfLint did not read defines it");

            var related = candidates.Select(c => Related(pass.Balancers[scheme + c].Token.Location, $"balancer '{c}' is defined here")).ToList();
            if (elsewhere is not null)
            {
                related.Add(Related(elsewhere.Token.Location, $"'{written}' is defined here, in another <VirtualHost>"));
            }

            Fix? fix;
            if (candidates.Count == 1 && RenameBalancer(frontEnd, written, candidates[0]) is { } edit)
            {
                fix = new Fix($"Point {frontEnd.DirectiveName} at balancer '{candidates[0]}'", certain ? Applicability.Safe : Applicability.Unsafe, [edit]);
            }
            else
            {
                fix = new Fix($"Define the balancer {scope}: <Proxy \"{name}\"> with a BalancerMember line for each back end, or point {frontEnd.DirectiveName} at a balancer that is", Applicability.DisplayOnly, []);
            }

            var diagnostic = Report(frontEnd.TargetToken.Location, message, related, fix);
            yield return certain ? diagnostic : diagnostic with { Severity = Severity.Info };
        }
    }

    /// <summary>A front end that uses a balancer without making one: a rewrite's <c>[P]</c> or a <c>SetHandler "proxy:..."</c>
    /// (only <c>ProxyPass</c> and <c>ProxyPassMatch</c> make an empty balancer of a name nothing defines).</summary>
    private static bool IsRewriteOrHandler(string directiveName) =>
        directiveName.Equals("RewriteRule", StringComparison.OrdinalIgnoreCase) || directiveName.Equals("SetHandler", StringComparison.OrdinalIgnoreCase);

    /// <summary>The target's token with <c>balancer://WRITTEN</c> replaced by <c>balancer://MEANT</c>, where it is written out.</summary>
    private static FileEdit? RenameBalancer(FrontEnd frontEnd, string written, string meant)
    {
        const string scheme = "balancer://";
        var value = frontEnd.TargetToken.Value;
        var at = value.IndexOf(scheme + written, StringComparison.OrdinalIgnoreCase);
        var end = at + scheme.Length + written.Length;
        if (at < 0 || (end < value.Length && value[end] is not ('/' or '$' or '"')))
        {
            return null;
        }

        return Edits.ReplaceValue(frontEnd.File, frontEnd.TargetToken, value[..at] + value[at..(at + scheme.Length)] + meant + value[end..]);
    }

    /// <summary>The upstream names a small edit away from <paramref name="name"/> (the "did you mean" distance), nearest first.</summary>
    private static List<string> Candidates(string name, IEnumerable<string> upstreams)
    {
        var limit = name.Length <= 4 ? 1 : name.Length <= 10 ? 2 : 3;
        var scored = StableSort.Sorted(
            upstreams.Select(u => (Name: u, Distance: Suggestions.Distance(name.ToLowerInvariant(), u.ToLowerInvariant(), limit))).Where(c => c.Distance <= limit),
            (a, b) => a.Distance != b.Distance ? a.Distance.CompareTo(b.Distance) : string.CompareOrdinal(a.Name, b.Name));
        return scored.Count == 0 ? [] : scored.Where(c => c.Distance == scored[0].Distance).Select(c => c.Name).ToList();
    }

    /// <summary>The "did you mean" of a message: nothing, one name, or the equally near names.</summary>
    private static string Meant(List<string> candidates) => candidates.Count switch
    {
        0 => string.Empty,
        1 => $" (did you mean '{candidates[0]}'?)",
        _ => $" (did you mean one of {string.Join(", ", candidates.Select(c => $"'{c}'"))}?)",
    };

    private static string WhyUnresolvable(HostResolution names) =>
        names.Service is { } service
            ? $"one label, and no service on the networks of service '{service.Name}' answers to it"
            : names.IsContainer
            ? "one label, not in /etc/hosts and not a service of the root's Compose file"
            : "one label, not in /etc/hosts, and /etc/resolv.conf has no search domain to complete it";

    private static string WhatMightResolve(HostResolution names, string name) =>
        !names.RootKnown ? "the host's DNS (no --root shows it)"
        : names.Service is { } service ? $"a container outside the Compose file on the networks of service '{service.Name}'"
        : names.IsContainer ? "the container network's DNS (no Compose file at the root names its services)"
        : names.SearchDomains.Count == 0 && names.Unseen(name) is { } unseen ? unseen
        : $"a search domain of /etc/resolv.conf ({string.Join(", ", names.SearchDomains)})";

    /// <summary>The name replaced by the one upstream it is a small edit away from (a port dropped: nginx refuses a port
    /// on an upstream's name). Safe where nginx refuses the name as written (then only the upstream can be meant);
    /// unsafe where the name might still resolve, or a port was written.</summary>
    private static Fix? RenameFix(FrontEnd frontEnd, ProxyTarget target, string upstream, bool certain)
    {
        var rewritten = target.PortWritten
            ? (target.SchemeText is null ? string.Empty : target.SchemeText + "://") + upstream + target.Uri
            : target.WithHost(upstream);
        if (rewritten is null)
        {
            return null;
        }

        var safety = certain && !target.PortWritten ? Applicability.Safe : Applicability.Unsafe;
        return new Fix($"Point {frontEnd.DirectiveName} at upstream '{upstream}'", safety, [Edits.ReplaceValue(frontEnd.File, frontEnd.TargetToken, rewritten)]);
    }
}
