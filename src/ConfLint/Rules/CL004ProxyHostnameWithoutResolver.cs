using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.Nginx;
using ConfLint.Knowledge;
using ConfLint.Rules.Support;
using ConfLint.Syntax.Nginx;

namespace ConfLint.Rules;

public sealed class CL004ProxyHostnameWithoutResolver : Rule<CL004ProxyHostnameWithoutResolver.Options>
{
    /// <param name="Resolver">The DNS server the fix writes, when set in .conflint.yml.</param>
    public sealed record Options(string? Resolver);

    public override string Code => "CL004";

    protected override Options ReadOptions(RuleOptions options) => new(options.IsSet("resolver") ? options.Text("resolver") : null);

    protected override IEnumerable<Diagnostic> Check(RuleContext context, Options options)
    {
        var host = context.Host;
        var version = NginxRelease.Of(context).Version;
        var reportedServers = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var frontEnd in host.FrontEnds)
        {
            if (frontEnd.Details is not NginxPass { Scope: var scope, Instance: var nginx } pass || frontEnd.Directive is not NginxDirective directive)
            {
                continue;
            }

            // In a Compose service the container's resolver is Docker's, whatever the host's resolv.conf says.
            var names = host.ResolutionFor(frontEnd.File);
            (string Address, string Source, bool Inferred)? resolver = options.Resolver is { } set ? (set, "the rule's resolver option", false)
                : names.Resolver is { } found ? (found, names.ResolverSource, names.ResolverInferred) : null;
            var target = frontEnd.Target;
            if (target.HasVariable)
            {
                if (scope.Effective("resolver") is null && VariableNeedsResolver(context, frontEnd, nginx, scope) is { } need)
                {
                    // A resolver may stand in a file nginx reads and ConfLint did not: an include (not judged), the http
                    // block around a lone site file (info).
                    if (NginxUnseen.Include(context.Workspace, scope) is { } unseen)
                    {
                        context.Notes.Add($"{frontEnd.File.DisplayPath}:{directive.Position.Line}: CL004 cannot see whether {unseen} sets 'resolver'; not judged");
                        continue;
                    }

                    var diagnostic = Report(frontEnd.TargetToken.Location,
                        $"{frontEnd.DirectiveName} {target.Text}: {need.Why}, and no 'resolver' is in scope here: {(need.Some ? "those requests fail" : "each request fails")} with 'no resolver defined to resolve' and a 502",
                        [Related(frontEnd.Directive, "add 'resolver' to this location, its server or http")],
                        ResolverFix(scope, directive, frontEnd.File, resolver, version, need.Name, need.Name is { } needed && names.RootKnown && names.HostsFile.ContainsKey(needed)));
                    if (need.Some)
                    {
                        // Only the requests whose key picks the name fail; whether any are sent is not in the files.
                        diagnostic = diagnostic with { Severity = Severity.Info };
                    }

                    yield return NginxUnseen.AssumedLevel(scope) is { } assumed ? NginxUnseen.Weighed(diagnostic, assumed) : diagnostic;
                }
                else if (scope.Effective("resolver") is var (resolverDirective, resolverFile) && HostsOnly(frontEnd, nginx, scope, names) is { } hostsName
                    && HostsNameThroughResolver(context, frontEnd, resolverDirective, resolverFile, names, hostsName) is { } hostsOnly)
                {
                    yield return hostsOnly;
                }

                continue;
            }

            if (target.UriHasVariable && target.Name is { } literal && !FoundAmongUpstreams(nginx, scope, target, literal))
            {
                if (!target.PortWritten && !nginx.SeesAllDefinitions)
                {
                    context.Notes.Add($"{frontEnd.File.DisplayPath}:{directive.Position.Line}: CL004 not judged: '{literal}' may be an upstream of a file ConfLint did not read (a lone file, or an include of a folder not under the root)");
                }
                else if (UriVariableWithoutResolver(context, frontEnd, directive, scope, literal, names, resolver, version) is { } perRequest)
                {
                    yield return perRequest;
                }

                continue;
            }

            if (pass.Upstream is { } upstream)
            {
                foreach (var (server, _) in upstream.Servers)
                {
                    if (server.Arguments.Count == 0 || !reportedServers.Add(server) || server.Args.Contains("resolve"))
                    {
                        continue;
                    }

                    // A name the host cannot resolve at all is not "resolved once": nginx does not start (CL015's case).
                    if (ProxyTarget.ParseNginx(server.Args[0]).Name is { } name && names.Classify(name) == NameResolution.Dns)
                    {
                        yield return Weighed(names, name, Report(server.Arguments[0].Location,
                            $"upstream '{upstream.Name}' server '{server.Args[0]}': {ResolvedOnce(name)}",
                            [Related(frontEnd.Directive, $"{frontEnd.DirectiveName} uses upstream '{upstream.Name}'")]));
                    }
                }

                continue;
            }

            if (target.Name is { } bare && !target.PortWritten && !nginx.SeesAllDefinitions && names.Classify(bare) == NameResolution.Dns)
            {
                // `proxy_pass http://web` names an upstream when one is defined: in a lone file, or behind an include
                // ConfLint did not read (bookwyrm's upstreams sit in an envsubst template), 'web' may be one.
                context.Notes.Add($"{frontEnd.File.DisplayPath}:{directive.Position.Line}: CL004 not judged: '{bare}' may be an upstream of a file ConfLint did not read (a lone file, or an include of a folder not under the root)");
                continue;
            }

            if (target.Name is { } hostname && names.Classify(hostname) == NameResolution.Dns)
            {
                yield return Weighed(names, hostname, Report(frontEnd.TargetToken.Location, $"{frontEnd.DirectiveName} {target.Text}: {ResolvedOnce(hostname)}",
                    fix: HostnameFix(frontEnd, directive, scope, hostname, resolver, version)));
            }
        }

        foreach (var haproxy in Haproxy.HaproxyResolution.Check(context, options.Resolver))
        {
            yield return Report(haproxy.Location, haproxy.Message, haproxy.Related, haproxy.Fix);
        }
    }

    /// <summary>
    /// A <c>*_pass</c> whose host is written out but whose value holds a variable elsewhere (the URI:
    /// <c>proxy_pass http://localhost:8080/VirtualHostBase/...$request_uri</c>). nginx compiles any value with a variable
    /// into a script (ngx_http_proxy_pass: <c>ngx_http_script_variables_count</c> over the whole URL) and makes no implicit
    /// upstream of it; per request ngx_http_proxy_eval parses the URL with <c>no_resolve</c> (an IP address is taken as it
    /// is), and ngx_http_upstream_init_request looks the host up among the upstreams, then hands it to the location's
    /// resolver: with none, "no resolver defined to resolve NAME" and a 502 on every request. <c>localhost</c> and names
    /// of /etc/hosts too: ngx_resolver is a DNS client that reads no hosts file. The caller has ruled out the upstreams.
    /// Null where a resolver is in scope (the name is then resolved per request through it) or an include not read may set one.
    /// </summary>
    private Diagnostic? UriVariableWithoutResolver(RuleContext context, FrontEnd frontEnd, NginxDirective directive, NginxScope scope, string name, HostResolution names,
        (string Address, string Source, bool Inferred)? resolver, NginxVersion version)
    {
        if (scope.Effective("resolver") is not null || scope.Context == NginxContext.StreamServer)
        {
            return null;
        }

        if (NginxUnseen.Include(context.Workspace, scope) is { } unseen)
        {
            context.Notes.Add($"{frontEnd.File.DisplayPath}:{directive.Position.Line}: CL004 cannot see whether {unseen} sets 'resolver'; not judged");
            return null;
        }

        var hostsName = names.RootKnown && names.HostsFile.ContainsKey(name);
        var local = hostsName || name.Equals("localhost", StringComparison.OrdinalIgnoreCase);
        var message = $"{frontEnd.DirectiveName} {frontEnd.Target.Text}: the value contains variables, so nginx resolves '{name}' per request and needs a resolver"
            + (local ? $" (its own DNS client, which never reads /etc/hosts{(hostsName ? $", where '{name}' is given" : string.Empty)})" : string.Empty)
            + $"; no 'resolver' is in scope here: each request fails with 'no resolver defined to resolve {name}' and a 502";
        var fix = LoopbackAddressFix(context, frontEnd, scope, name, names) ?? ResolverFix(scope, directive, frontEnd.File, resolver, version, name, hostsName);
        var diagnostic = Report(frontEnd.TargetToken.Location, message,
            [Related(frontEnd.Directive, $"add 'resolver' to this location, its server or http, or write an address or an upstream's name in place of '{name}'")], fix) with { Severity = Severity.Error };
        return NginxUnseen.AssumedLevel(scope) is { } assumed ? NginxUnseen.Weighed(diagnostic, assumed) : diagnostic;
    }

    /// <summary>
    /// For a name the root's /etc/hosts (or, for <c>localhost</c>, the system's default) maps only to loopback
    /// addresses: the address written in place of the name, which needs no resolver. nginx would have resolved the
    /// written name from /etc/hosts at start for a pass without variables (ngx_inet_resolve_host), one peer for each
    /// address, so the address is the one outcome only when the name has one address, or when one back end alone listens
    /// on its addresses at that port (on one of them, or on a wildcard taking both). Safe then, but for
    /// <c>proxy_pass</c> only where <c>proxy_set_header Host</c> is set (else the Host sent, <c>$proxy_host</c>, becomes the
    /// address), and not for https or gRPC (the TLS name and <c>:authority</c> follow the host written). Unsafe otherwise.
    /// </summary>
    private static Fix? LoopbackAddressFix(RuleContext context, FrontEnd frontEnd, NginxScope scope, string name, HostResolution names)
    {
        var target = frontEnd.Target;
        var addresses = names.HostsAddresses(name);
        if (addresses.Count == 0 || PortOf(target) is not { } port || !addresses.All(a => Endpoint.Tcp(a, port).IsLoopback))
        {
            return null;
        }

        var served = new List<(string Address, IReadOnlyList<BackEnd> BackEnds)>();
        foreach (var address in addresses)
        {
            if (context.Host.Providers(Endpoint.Tcp(address, port)) is { Count: > 0 } providers)
            {
                served.Add((address, providers));
            }
        }

        var doubts = new List<string>();
        var chosen = addresses[0];
        if (addresses.Count > 1)
        {
            if (served.Count > 0 && served.All(s => s.BackEnds.Count == 1 && ReferenceEquals(s.BackEnds[0], served[0].BackEnds[0])))
            {
                chosen = served[0].Address;
            }
            else
            {
                doubts.Add(served.Count == 0
                    ? $"'{name}' is {string.Join(" and ", addresses)}, and the root shows nothing listening on port {port} of either"
                    : $"'{name}' is {string.Join(" and ", addresses)}, and different back ends listen on port {port} of them");
            }
        }

        var proxy = frontEnd.DirectiveName == "proxy_pass";
        if (proxy && NginxListEdits.Effective(scope, "proxy_set_header")?.Entries.Any(e => e.Directive.Args is [var header, ..] && header.Equals("Host", StringComparison.OrdinalIgnoreCase)) != true)
        {
            doubts.Add($"with no 'proxy_set_header Host' here the Host header sent becomes the address instead of '{name}'");
        }

        if (target.Scheme is "https" or "grpcs" || frontEnd.DirectiveName == "grpc_pass")
        {
            doubts.Add($"the TLS name or gRPC authority follows the host written");
        }

        if (target.WithHost(chosen.Contains(':') ? $"[{chosen}]" : chosen) is not { } rewritten)
        {
            return null;
        }

        var what = $"Write the address '{name}' stands for, which needs no resolver: {frontEnd.DirectiveName} {rewritten}";
        return doubts.Count == 0
            ? new Fix(what, Applicability.Safe, [Edits.ReplaceValue(frontEnd.File, frontEnd.TargetToken, rewritten)])
            : new Fix($"{what} ({string.Join("; ", doubts)}: review; or add a 'resolver' that answers '{name}')", Applicability.Unsafe, [Edits.ReplaceValue(frontEnd.File, frontEnd.TargetToken, rewritten)]);
    }

    /// <summary>Info where Compose restarts nginx's service with the one the name stands for (<c>depends_on</c> with
    /// <c>restart: true</c>): a recreated container's new address then reaches nginx by that restart.</summary>
    private static Diagnostic Weighed(HostResolution names, string name, Diagnostic diagnostic) =>
        names.RestartedWith(name)
            ? diagnostic with
            {
                Severity = Severity.Info,
                Message = diagnostic.Message + $"; Compose restarts service '{names.Service!.Name}' whenever it recreates or restarts '{name}' (depends_on with restart: true), so only the engine's restart of a crashed '{name}' container could move it unseen",
            }
            : diagnostic;

    private static string ResolvedOnce(string name) =>
        $"'{name}' is resolved once, when nginx starts; when its address changes nginx keeps connecting to the old one (502) until a reload, and if it does not resolve at start nginx does not start";

    /// <summary>Why a variable target needs a resolver: the reason, whether only some requests (those whose map key
    /// picks the name) need it, and the name when one is known.</summary>
    private sealed record ResolverNeed(string Why, bool Some, string? Name);

    /// <summary>Why the variable needs a resolver, or null when it holds addresses or upstream names (or cannot be told).
    /// A map whose default is an upstream or an address sends ordinary requests there without a resolver
    /// (ngx_http_proxy_handler looks the name up among the upstreams first): then only the requests whose key picks a
    /// hostname fail, and the finding says which.</summary>
    private static ResolverNeed? VariableNeedsResolver(RuleContext context, FrontEnd frontEnd, NginxInstance nginx, NginxScope scope)
    {
        var variable = frontEnd.Target.HostVariable;
        if (variable is null)
        {
            return new("the host name is built from variables at request time", false, null);
        }

        if (NginxVariables.IsFromRequest(variable))
        {
            return new($"the host comes from the request (${variable}) and is resolved per request", false, null);
        }

        var values = NginxVariables.ValuesOf(nginx, scope, variable);
        if (values is null)
        {
            context.Notes.Add($"{frontEnd.File.DisplayPath}:{frontEnd.Directive.Position.Line}: CL004 cannot tell what ${variable} holds; not judged");
            return null;
        }

        var names = context.Host.ResolutionFor(frontEnd.File);
        string? Resolved(string value) => NameToResolve(frontEnd, nginx, variable, value);

        if (values.Select(Resolved).FirstOrDefault(n => n is not null) is not { } first)
        {
            return null;
        }

        if (NginxVariables.MapEntriesOf(nginx, scope, variable) is { } entries
            && entries.Where(e => e.Key == "default").All(e => e.Value.Length > 0 && !e.Value.Contains('$') && Resolved(e.Value) is null))
        {
            var picked = entries.Where(e => e.Key != "default" && Resolved(e.Value) is not null).ToList();
            var keys = string.Join(", ", picked.Take(3).Select(e => $"'{e.Key}'")) + (picked.Count > 3 ? $" and {picked.Count - 3} more" : string.Empty);
            var fallback = entries.First(e => e.Key == "default").Value;
            return new($"requests whose {picked[0].Source} is {keys} set ${variable} to a hostname ('{Resolved(picked[0].Value)}') that nginx must resolve per request (others get the map's default '{fallback}', which needs no resolver)", true, Resolved(picked[0].Value));
        }

        return new($"${variable} holds the hostname '{first}', which nginx must resolve per request"
            + (names.RootKnown && names.HostsFile.ContainsKey(first) ? $" with its own DNS client, which never reads /etc/hosts (where '{first}' is given)" : string.Empty), false, first);
    }

    /// <summary>
    /// The name nginx's resolver must look up when the variable holds <paramref name="value"/>, or null: an IP address is
    /// used as it is, and a name an <c>upstream</c> block has, or an implicit upstream (a pass elsewhere written with that
    /// host and the same port, which nginx registers at start), is found among the upstreams first
    /// (ngx_http_upstream_init_request). Every other name goes to the resolver per request, a name of /etc/hosts and
    /// <c>localhost</c> too: ngx_http_proxy_eval parses the host with <c>no_resolve</c>, and ngx_resolver is a DNS client
    /// that reads no hosts file ("no resolver defined to resolve localhost" without one).
    /// </summary>
    private static string? NameToResolve(FrontEnd frontEnd, NginxInstance nginx, string variable, string value)
    {
        if (ProxyTarget.ParseNginx(value) is not { HasVariable: false, Name: { } name } || Endpoint.IsIpAddress(name))
        {
            return null;
        }

        var written = ProxyTarget.ParseNginx(frontEnd.Target.Text.Replace("${" + variable + "}", value, StringComparison.Ordinal).Replace("$" + variable, value, StringComparison.Ordinal));
        return FoundAmongUpstreams(nginx, frontEnd.Details is NginxPass { Scope: var scope } ? scope : null, written, name) ? null : name;
    }

    /// <summary>
    /// Whether nginx finds the host of a URL it evaluated per request among its upstreams, where no resolver is needed
    /// (ngx_http_upstream_init_request): an <c>upstream</c> block has port 0 and answers only a URL written without a
    /// port; an implicit upstream (made at start by a <c>*_pass</c> written without any variable, ngx_http_upstream_add)
    /// answers the same host (case-insensitive) with the same port, the scheme's default where none is written
    /// (ngx_http_proxy_eval gives 80 or 443). A static pass to an upstream block's name is that block (port 0).
    /// </summary>
    private static bool FoundAmongUpstreams(NginxInstance nginx, NginxScope? scope, ProxyTarget written, string name)
    {
        var upstreams = scope is null ? nginx.Upstreams : nginx.UpstreamsFor(scope);
        if (upstreams.ContainsKey(name))
        {
            return !written.PortWritten;
        }

        var port = PortOf(written);
        if (port is null)
        {
            return false;
        }

        var stream = scope?.Context == NginxContext.StreamServer;
        foreach (var (directive, _, passScope) in nginx.Passes)
        {
            if (directive.Args.Count > 0 && (passScope.Context == NginxContext.StreamServer) == stream && directive.Args[0].Contains(name, StringComparison.OrdinalIgnoreCase)
                && ProxyTarget.ParseNginx(directive.Args[0]) is { HasVariable: false, UriHasVariable: false, Name: { } literal } other
                && literal.Equals(name, StringComparison.OrdinalIgnoreCase) && PortOf(other) == port)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The port nginx gives an upstream or a request for the target: the written one, else the scheme's.</summary>
    private static int? PortOf(ProxyTarget target) =>
        target.PortWritten ? target.Endpoint?.Port
        : target.Scheme switch { "https" or "grpcs" => 443, "http" or "grpc" or null => 80, _ => null };

    /// <summary>
    /// For a variable target with a <c>resolver</c> in scope: the one name it holds when that name is one only
    /// /etc/hosts gives (in the hosts file, one label: no public DNS has it, and nginx's resolver adds no search domain),
    /// or null. Not <c>localhost</c>, which DNS servers commonly answer; not in a container, where Docker's DNS answers
    /// the names of the network.
    /// </summary>
    private static string? HostsOnly(FrontEnd frontEnd, NginxInstance nginx, NginxScope scope, HostResolution names)
    {
        if (!names.RootKnown || names.IsContainer || names.Service is not null || frontEnd.Target.HostVariable is not { } variable || NginxVariables.IsFromRequest(variable))
        {
            return null;
        }

        var values = NginxVariables.ValuesOf(nginx, scope, variable);
        if (values is not { Count: > 0 } || values.Select(v => NameToResolve(frontEnd, nginx, variable, v)).Distinct(StringComparer.OrdinalIgnoreCase).ToList() is not [{ } name]
            || values.Any(v => NameToResolve(frontEnd, nginx, variable, v) is null))
        {
            return null;
        }

        return !name.Contains('.') && !name.Equals("localhost", StringComparison.OrdinalIgnoreCase) && names.HostsFile.ContainsKey(name) ? name : null;
    }

    /// <summary>Daemons that may answer DNS on a loopback address, by their units and configuration.</summary>
    private static readonly string[] DnsServerPaths =
    [
        "/etc/dnsmasq.conf", "/etc/dnsmasq.d", "/etc/unbound", "/etc/bind", "/etc/named.conf", "/etc/pihole", "/etc/powerdns", "/etc/coredns", "/etc/knot-resolver",
        "/etc/dnscrypt-proxy", "/etc/stubby",
    ];

    private static readonly string[] DnsServerUnits = ["dnsmasq", "unbound", "named", "bind9", "pihole-FTL", "pdns-recursor", "coredns", "kresd@", "dnscrypt-proxy", "stubby"];

    /// <summary>
    /// Info for a variable holding a name only /etc/hosts gives, resolved through a <c>resolver</c>: it resolves only if
    /// that server answers hosts-file names (systemd-resolved's stub and dnsmasq do, a plain recursive server does not),
    /// which the files cannot tell. Where the resolver is a loopback address and the root shows no DNS server there
    /// (resolv.conf's servers, a dnsmasq, unbound, bind or resolved configuration), the message says so; still info:
    /// a server the root does not show may listen there. Silent for systemd-resolved's stub (127.0.0.53), which
    /// answers from /etc/hosts.
    /// </summary>
    private Diagnostic? HostsNameThroughResolver(RuleContext context, FrontEnd frontEnd, NginxDirective resolver, Workspace.ConfigFile resolverFile, HostResolution names, string name)
    {
        var addresses = resolver.Arguments.Where(a => !a.Value.Contains('=')).ToList();
        if (addresses.Count == 0 || addresses.All(a => a.Value is "127.0.0.53" or HostResolution.DockerResolver))
        {
            return null;
        }

        var listed = string.Join(" ", addresses.Select(a => a.Value));
        var message = $"{frontEnd.DirectiveName} {frontEnd.Target.Text}: ${frontEnd.Target.HostVariable} holds '{name}', a name only /etc/hosts gives ({string.Join(", ", names.HostsAddresses(name))}); "
            + $"nginx resolves it per request with its own DNS client through 'resolver {listed}', which never reads /etc/hosts, so it resolves only if that server answers hosts-file names "
            + "(systemd-resolved's stub 127.0.0.53 and dnsmasq do, a plain recursive DNS server does not)";
        var fs = context.Workspace.FileSystem;
        var unserved = addresses.Select(a => a.Value.Trim('[', ']')).Where(a => (a.StartsWith("127.", StringComparison.Ordinal) || a is "::1" or "localhost") && !names.Nameservers.Contains(a)).ToList();
        if (unserved.Count == addresses.Count && fs.Root is not null
            && !DnsServerPaths.Any(p => fs.FileExists(p) || fs.DirectoryExists(p))
            && !DnsServerUnits.Any(u => new[] { "/etc/systemd/system/", "/lib/systemd/system/", "/usr/lib/systemd/system/" }.Any(d => fs.FileExists(d + u + ".service")))
            && !fs.ReadLines("/etc/systemd/resolved.conf").Concat(fs.Glob("/etc/systemd/resolved.conf.d/*.conf").SelectMany(fs.ReadLines))
                .Any(l => l.TrimStart().StartsWith("DNSStubListenerExtra", StringComparison.Ordinal)))
        {
            message += $"; and the root shows no DNS server on {string.Join(", ", unserved)}"
                + (names.Nameservers.Count > 0 ? $" (/etc/resolv.conf names {string.Join(", ", names.Nameservers)}; no dnsmasq, unbound, bind or Pi-hole configuration)" : " (no dnsmasq, unbound, bind or Pi-hole configuration)")
                + ": if none listens there, each request waits resolver_timeout and ends in 502";
        }

        var related = new List<Diagnostics.RelatedLocation> { Related(resolver, "nginx's resolver, its own DNS client") };
        Fix fix;
        if (names.Nameservers is ["127.0.0.53", ..] && addresses.Count == 1)
        {
            fix = new Fix($"Resolve through systemd-resolved's stub, which answers /etc/hosts names: 'resolver 127.0.0.53' (the root's /etc/resolv.conf), or set ${frontEnd.Target.HostVariable} to the address '{name}' stands for and drop the resolver; which one fits depends on where the back end listens: review",
                Applicability.Unsafe, [Edits.ReplaceToken(resolverFile, addresses[0], "127.0.0.53")]);
        }
        else
        {
            fix = new Fix($"Set ${frontEnd.Target.HostVariable} to the address '{name}' stands for, or point 'resolver' at a DNS server that answers /etc/hosts names (systemd-resolved's stub, dnsmasq)", Applicability.DisplayOnly, []);
        }

        return Report(frontEnd.TargetToken.Location, message, related, fix) with { Severity = Severity.Info };
    }

    /// <summary>For a variable target: the resolver the root names, where nginx takes it (not in an <c>if</c>). Safe:
    /// requests that failed now resolve. Unsafe where the server is only inferred from <c>/.dockerenv</c> (Docker's
    /// embedded DNS, which a container on the default bridge does not have); display-only advice where the root does
    /// not say which DNS server it uses.</summary>
    /// <remarks>Unsafe for a name of /etc/hosts (but through systemd-resolved's stub, which answers from that file): the
    /// server resolves it only if it knows it, and setting the variable to the address may be the remedy meant.</remarks>
    private static Fix ResolverFix(NginxScope scope, NginxDirective pass, Workspace.ConfigFile file, (string Address, string Source, bool Inferred)? resolver, NginxVersion version, string? name, bool hostsName)
    {
        if (resolver is not var (address, source, inferred))
        {
            return new Fix("Add 'resolver ADDRESS valid=30s;' with this host's DNS server (the root does not name it: no /etc/resolv.conf, or a Compose network_mode outside Docker's embedded DNS)", Applicability.DisplayOnly, []);
        }

        var edit = NginxEdits.Set(scope, "resolver", $"{address} valid=30s", version, (pass, file));
        return edit is null
            ? new Fix($"Add 'resolver {address} valid=30s;' where nginx takes it", Applicability.DisplayOnly, [])
            : inferred
                ? new Fix($"Add 'resolver {address} valid=30s;' (from {source}; it answers only on a user-defined network, and the root has no resolv.conf to show which: review)", Applicability.Unsafe, [edit])
                : hostsName && address != "127.0.0.53"
                    ? new Fix($"Add 'resolver {address} valid=30s;' (from {source}; '{name}' is a name of /etc/hosts, which nginx's resolver does not read: it resolves only if that server knows it, else set the variable to its address: review)", Applicability.Unsafe, [edit])
                : name is not null && !name.Contains('.') && address != HostResolution.DockerResolver
                    ? new Fix($"Add 'resolver {address} valid=30s;' (from {source}; '{name}' is a one-label name, and nginx's resolver adds no search domain: it resolves only if that server answers for the bare name, else define an upstream '{name}': review)", Applicability.Unsafe, [edit])
                    : new Fix($"Add 'resolver {address} valid=30s;' (from {source})", Applicability.Safe, [edit]);
    }

    /// <summary>
    /// For a hostname written out: resolve it per request, with nothing else changed. A variable address makes nginx pass
    /// the URI as the directive writes it, not the request's with the location's prefix replaced, so only a target without
    /// a URI part keeps the URI exactly; and it drops the implicit <c>proxy_redirect default</c>, which is therefore
    /// written out. The variable is set first in the pass's own block (before any rewrite that could end that block's
    /// rewrite phase), the resolver where nginx takes it. Unsafe: a name that stops resolving now fails requests instead
    /// of the start. Display-only advice where the URI could not be kept, or the root does not name its DNS server.
    /// </summary>
    private static Fix HostnameFix(FrontEnd frontEnd, NginxDirective pass, NginxScope scope, string hostname, (string Address, string Source, bool Inferred)? resolver, NginxVersion version)
    {
        var target = frontEnd.Target;
        var proxy = frontEnd.DirectiveName == "proxy_pass";
        if (proxy && target.Uri.Length > 0)
        {
            return new Fix(
                $"Keep the URI '{target.Uri}' when resolving {hostname} per request: with a variable in proxy_pass nginx sends the URI as written instead of replacing the location's prefix, so move the host into an upstream with 'server {hostname}{Port(target)} resolve;' and a 'zone' (nginx 1.27.3 or later) or rewrite the URI explicitly",
                Applicability.DisplayOnly, []);
        }

        if (scope.Context is not (NginxContext.Location or NginxContext.LocationIf) || pass.ParentBlock is null || (proxy && scope.Context == NginxContext.LocationIf))
        {
            return new Fix($"Resolve {hostname} per request: 'resolver', 'set $backend {hostname};' and the variable in {frontEnd.DirectiveName}", Applicability.DisplayOnly, []);
        }

        if (resolver is not var (address, source, _))
        {
            return new Fix($"Resolve {hostname} per request: add 'resolver ADDRESS valid=30s;' with this host's DNS server (the root does not name it: no /etc/resolv.conf, or a Compose network_mode outside Docker's embedded DNS), 'set $backend {hostname};' and the variable in {frontEnd.DirectiveName}", Applicability.DisplayOnly, []);
        }

        var variable = "$backend_" + new string(hostname.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_').ToArray());
        if (target.WithHost(variable) is not { } rewritten)
        {
            return new Fix($"Resolve {hostname} per request", Applicability.DisplayOnly, []);
        }

        var edits = new List<Diagnostics.FileEdit>
        {
            NginxEdits.InsertBefore(frontEnd.File, pass.ParentBlock.Directives[0], [$"set {variable} {hostname};"]),
            Edits.ReplaceValue(frontEnd.File, frontEnd.TargetToken, rewritten),
        };
        var steps = new List<string>();
        if (scope.Effective("resolver") is null)
        {
            if (NginxEdits.Set(scope, "resolver", $"{address} valid=30s", version, (pass, frontEnd.File)) is not { } resolverEdit)
            {
                return new Fix($"Resolve {hostname} per request", Applicability.DisplayOnly, []);
            }

            edits.Add(resolverEdit);
            steps.Add($"resolver {address} (from {source})");
        }

        if (proxy && RedirectEdit(scope, pass, frontEnd.File, target.Text, version) is { } redirect)
        {
            edits.Add(redirect.Edit);
            steps.Add(redirect.What);
        }

        steps.Add($"set {variable} {hostname}");
        return new Fix($"Resolve {hostname} at request time: {string.Join(", ", steps)}, and {frontEnd.DirectiveName} {rewritten}", Applicability.Unsafe, NginxEdits.Merge(edits));
    }

    /// <summary>nginx's implicit <c>proxy_redirect default</c> (the URL as written plus <c>/</c>, to <c>/</c>), which a
    /// variable target loses, written out; an explicit <c>proxy_redirect default</c>, which nginx refuses with a variable,
    /// replaced by the same. Nothing where another <c>proxy_redirect</c> applies.</summary>
    private static (Diagnostics.FileEdit Edit, string What)? RedirectEdit(NginxScope scope, NginxDirective pass, Workspace.ConfigFile file, string url, NginxVersion version)
    {
        var value = $"{url}/ /";
        if (scope.Own("proxy_redirect") is var (own, ownFile) && own.Args is ["default"])
        {
            return (Edits.ReplaceToken(ownFile, own.Arguments[0], value), $"proxy_redirect {value} (what 'default' meant)");
        }

        if (scope.Effective("proxy_redirect") is not null)
        {
            return null;
        }

        return NginxEdits.Set(scope, "proxy_redirect", value, version, (pass, file)) is { } edit ? (edit, $"proxy_redirect {value} (nginx's default for the written URL)") : null;
    }

    private static string Port(ProxyTarget target) => target.Endpoint is { Port: > 0 } endpoint && target.PortWritten ? ":" + endpoint.Port : string.Empty;
}
