using System.Runtime.CompilerServices;
using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.Compose;
using ConfLint.Host.Nginx;
using ConfLint.Rules.Support;
using ConfLint.Syntax.Nginx;
using ConfLint.Workspace;
using ConfLint.Workspace.Compose;

namespace ConfLint.Rules;

/// <summary>
/// A chain of web servers: an nginx <c>proxy_pass</c> to another nginx server ConfLint reads (one of the host's own,
/// listening at the target; or the nginx of a Compose service, reached through the port Docker publishes for it). The
/// inner server's proxy waits for its own back end; the outer proxy waits for the inner server's answer, which comes only
/// when the inner one got its own (or gave up: its 504). So the longest the inner server waits on the requests the outer
/// location sends there (each inner wait bounded by its back end's limit: min(inner read timeout, limit)) is what the outer
/// read timeout must allow; a shorter one answers 504 while the inner server and its back end still work.
/// </summary>
/// <remarks>
/// Which inner server answers is nginx's choice by the request's <c>Host</c> header among the servers on that listen
/// (ngx_http_core_module, "How nginx processes a request": an exact <c>server_name</c>, then wildcards, then regular
/// expressions, else the <c>default_server</c> of the listen, else its first server). The outer sends <c>Host:
/// $proxy_host</c> (the target's host) unless <c>proxy_set_header Host</c> says otherwise (ngx_http_proxy_module,
/// "proxy_set_header"). Only a provable choice is judged: exact names only (the outer's own <c>server_name</c>s for
/// <c>$host</c>/<c>$http_host</c>), every one leading to the same inner server; an inner candidate with a wildcard or
/// regular-expression name, another variable, or the outer's URI rewriting the path leave it unjudged, and <c>--verbose</c>
/// says why. The inner locations counted are those under the outer location's prefix; a regular-expression location that
/// passes requests on may take any of them, which is not judged either. The inner servers and their waits are read once
/// per host.
/// </remarks>
public sealed partial class CL006ShortUpstreamTimeout
{
    /// <summary>One listen of an nginx <c>server</c> block of the http context.</summary>
    private sealed record InnerListen(NginxScope Server, Endpoint Endpoint, bool Default, ConfigFile File, NginxDirective? Directive);

    /// <summary>The http servers' listens: the host's own by port; a Compose service's nginx by service and container port.</summary>
    private sealed record InnerServers(Dictionary<int, List<InnerListen>> OnHost, Dictionary<(ComposeService, int), List<InnerListen>> InContainer,
        Dictionary<NginxScope, List<FrontEnd>> Passes);

    private static InnerServers ReadInnerServers(HostModel host)
    {
        var onHost = new Dictionary<int, List<InnerListen>>();
        var inContainer = new Dictionary<(ComposeService, int), List<InnerListen>>();
        foreach (var instance in host.Nginx)
        {
            var service = instance.MainFile.Container?.Service;
            foreach (var scope in instance.Scopes)
            {
                if (!scope.IsBlock("server") || scope.Parent?.IsBlock("http") != true)
                {
                    continue;
                }

                foreach (var listen in Listens(scope))
                {
                    if (service is null)
                    {
                        Add(onHost, listen.Endpoint.Port, listen);
                    }
                    else
                    {
                        Add(inContainer, (service, listen.Endpoint.Port), listen);
                    }
                }
            }
        }

        var passes = new Dictionary<NginxScope, List<FrontEnd>>(ReferenceEqualityComparer.Instance);
        foreach (var frontEnd in host.FrontEnds)
        {
            if (frontEnd.Details is NginxPass { Scope.Server: { } server })
            {
                Add(passes, server, frontEnd);
            }
        }

        return new InnerServers(onHost, inContainer, passes);
    }

    private static void Add<TKey, TValue>(Dictionary<TKey, List<TValue>> map, TKey key, TValue value)
        where TKey : notnull
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        list.Add(value);
    }

    /// <summary>A server's plain-HTTP TCP listens (none written: nginx's <c>*:80</c>), each as the address it takes
    /// connections on: <c>0.0.0.0</c> for an IPv4 wildcard, <c>::</c> for an IPv6 one (IPv6 only unless
    /// <c>ipv6only=off</c>, nginx's IPV6_V6ONLY default), else its own address. <c>ssl</c>, <c>quic</c> and socket
    /// listens are left out.</summary>
    private static IEnumerable<InnerListen> Listens(NginxScope server)
    {
        var any = false;
        foreach (var (directive, file) in server.Settings)
        {
            if (directive.Name != "listen" || directive.Args.Count == 0)
            {
                continue;
            }

            any = true;
            if (directive.Args.Contains("ssl") || Validation.NginxListenCheck.IsQuic(directive.Args) || Endpoint.IsUnixAddress(directive.Args[0])
                || !Endpoint.TrySplitHostPort(directive.Args[0], 80, out var address, out var port))
            {
                continue;
            }

            var family = WebServerListens.NginxWildcard(address, directive.Args);
            var host = family.HasFlag(WebServerListens.Family.V4) ? "0.0.0.0" : family.HasFlag(WebServerListens.Family.V6) ? "::" : address.Trim('[', ']');
            var isDefault = directive.Args.Contains("default_server") || directive.Args.Contains("default");
            yield return new InnerListen(server, Endpoint.Tcp(host, port), isDefault, file, directive);
            if (family == WebServerListens.Family.Both)
            {
                yield return new InnerListen(server, Endpoint.Tcp("0.0.0.0", port), isDefault, file, directive);
            }
        }

        if (!any && server.File is { } own)
        {
            yield return new InnerListen(server, Endpoint.Tcp("0.0.0.0", 80), false, own, null);
        }
    }

    /// <summary>Whether a listen takes a connection to <paramref name="target"/>: the same address, or the wildcard of its
    /// family (a connection to the unspecified address reaches the loopback).</summary>
    private static bool Takes(Endpoint listen, Endpoint target)
    {
        if (listen.Port != target.Port || target.Host is not { } to)
        {
            return false;
        }

        var v6 = to.Contains(':', StringComparison.Ordinal);
        return listen.Host == to || (listen.Host == "0.0.0.0" && !v6) || (listen.Host == "::" && v6) || (to == "0.0.0.0" && listen.Host == "127.0.0.1") || (to == "::" && listen.Host == "::1");
    }

    /// <summary>The limit a chain of web servers sets for this nginx <c>proxy_pass</c> (see the class remarks): the
    /// longest wait of the inner server it reaches on the requests it sends there; null where it reaches none ConfLint
    /// reads, or where which inner server or location answers is not provable (<c>--verbose</c> says why).</summary>
    private static Limit? ChainedLimit(RuleContext context, FrontEnd frontEnd)
    {
        if (frontEnd.DirectiveName != "proxy_pass" || frontEnd.Details is not NginxPass { Scope: var scope } pass || frontEnd.Target.Scheme is not (null or "http"))
        {
            return null;
        }

        var host = context.Host;
        InnerServers? servers = null;
        Limit? longest = null;
        foreach (var target in frontEnd.Targets)
        {
            if (target.Endpoint.Kind != EndpointKind.Tcp)
            {
                continue;
            }

            servers ??= host.Shared("CL006.InnerServers", host, () => ReadInnerServers(host));
            var candidates = new List<InnerListen>();
            string? through = null;
            if (target.Endpoint.IsLocal && servers.OnHost.TryGetValue(target.Endpoint.Port, out var onHost))
            {
                candidates.AddRange(onHost.Where(l => Takes(l.Endpoint, target.Endpoint)));
            }

            if (candidates.Count == 0)
            {
                foreach (var provider in host.Providers(target.Endpoint))
                {
                    if (provider is not ComposeBackEnd compose)
                    {
                        continue;
                    }

                    // Docker forwards the published port to the container's port on its network address: a listen on the
                    // IPv4 wildcard there takes it (one on the container's loopback does not).
                    foreach (var port in compose.Service.Ports)
                    {
                        if (port.Published == target.Endpoint.Port && port.Protocol == "tcp"
                            && servers.InContainer.TryGetValue((compose.Service, port.Target), out var inside))
                        {
                            candidates.AddRange(inside.Where(l => l.Endpoint.Host == "0.0.0.0"));
                            through = $"{compose.Describe()} (Docker publishes its port {port.Target} on {target.Endpoint.Port})";
                        }
                    }
                }
            }

            if (candidates.Count == 0)
            {
                continue;
            }

            var where = $"{target.File.DisplayPath}:{target.Location.Start.Line}";
            if (InnerServer(frontEnd, pass, target.Endpoint, candidates, out var why) is not { } inner)
            {
                context.Notes.Add($"{where}: CL006 did not compare {frontEnd.DirectiveName} {frontEnd.Target.Text} with the nginx server it reaches{(through is null ? string.Empty : " in " + through)}: {why}");
                continue;
            }

            if (ReferenceEquals(inner.Server, scope.Server))
            {
                continue;
            }

            if (InnerWait(context, frontEnd, scope, inner, servers, out why) is not { } wait)
            {
                if (why is not null)
                {
                    context.Notes.Add($"{where}: CL006 did not compare {frontEnd.DirectiveName} {frontEnd.Target.Text} with the nginx server at {inner.File.DisplayPath}:{inner.Server.Directive!.Position.Line}: {why}");
                }

                continue;
            }

            if (through is not null)
            {
                wait = wait with { BackEnd = $"{wait.BackEnd}, in {through}," };
            }

            longest = Longer(longest, wait);
        }

        return longest;
    }

    /// <summary>The longer of two waits, a wait with a back end's limit behind it before any merely informational one
    /// (<see cref="Limit.Informational"/>): an inner proxy's own wait never outweighs evidence.</summary>
    private static Limit Longer(Limit? longest, Limit wait) =>
        longest is null || (longest.Informational && !wait.Informational) || (longest.Informational == wait.Informational && wait.Value > longest.Value)
            ? wait
            : longest;

    /// <summary>The inner server nginx chooses for the outer's requests by their <c>Host</c> header (class remarks).</summary>
    private static InnerListen? InnerServer(FrontEnd frontEnd, NginxPass pass, Endpoint target, List<InnerListen> candidates, out string why)
    {
        why = string.Empty;
        var header = NginxListEdits.Effective(pass.Scope, "proxy_set_header")?.Entries
            .LastOrDefault(e => e.Directive.Args.Count >= 2 && string.Equals(e.Directive.Args[0], "Host", StringComparison.OrdinalIgnoreCase)).Directive?.Args[1];
        List<string> names;
        if (header is null or "$proxy_host")
        {
            names = [target.WrittenHost ?? target.Host ?? string.Empty];
        }
        else if (header is "$host" or "$http_host")
        {
            names = [];
            foreach (var (directive, _) in pass.Scope.Server?.Settings ?? default)
            {
                if (directive.Name == "server_name")
                {
                    names.AddRange(directive.Args);
                }
            }

            if (names.Count == 0 || names.Any(n => n is "_" or "" || n.Contains('*', StringComparison.Ordinal) || n.StartsWith('~') || n.StartsWith('.') || n.Contains('$', StringComparison.Ordinal)))
            {
                why = $"it sends Host {header}, and its server's names are not all exact names, so which inner server answers is not known";
                return null;
            }
        }
        else if (!header.Contains('$', StringComparison.Ordinal))
        {
            names = [header];
        }
        else
        {
            why = $"it sends Host {header}, known only per request";
            return null;
        }

        InnerListen? chosen = null;
        foreach (var name in names)
        {
            var bare = name.Contains(':', StringComparison.Ordinal) && !name.StartsWith('[') && name.Count(c => c == ':') == 1 ? name[..name.IndexOf(':', StringComparison.Ordinal)] : name;
            InnerListen? exact = null;
            foreach (var candidate in candidates)
            {
                if (ServerNames(candidate.Server).Contains(bare))
                {
                    exact = candidate;
                    break;
                }
            }

            if (exact is null && candidates.Any(c => ServerNames(c.Server).Any(n => n.Contains('*', StringComparison.Ordinal) || n.StartsWith('~') || n.StartsWith('.'))))
            {
                why = $"no inner server names '{bare}' exactly, and a wildcard or regular-expression server_name may take it";
                return null;
            }

            // No name: the listen's default_server, else its first server.
            var answering = exact ?? candidates.FirstOrDefault(c => c.Default) ?? candidates[0];
            if (chosen is not null && !ReferenceEquals(chosen.Server, answering.Server))
            {
                why = $"its server's names ({string.Join(", ", names)}) lead to different inner servers";
                return null;
            }

            chosen = answering;
        }

        return chosen;
    }

    private static HashSet<string> ServerNames(NginxScope server)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (directive, _) in server.Settings)
        {
            if (directive.Name == "server_name")
            {
                names.UnionWith(directive.Args);
            }
        }

        return names;
    }

    /// <summary>The location prefix a pass stands under (<c>/</c> for the server level), or null for a regular expression.</summary>
    /// <summary>Whether the scope is in a location marked <c>internal</c> (ngx_http_core_module: "Specifies that a given
    /// location can only be used for internal requests. For external requests, the client error 404 (Not Found) is
    /// returned"). A named location (<c>@name</c>) is not: <c>try_files $uri @app</c> sends it ordinary requests.</summary>
    private static bool Internal(NginxScope scope) =>
        scope.SelfAndAncestors().Any(level => level.IsBlock("location") && level.Own("internal") is not null);

    private static string? Prefix(NginxScope scope)
    {
        string? prefix = "/";
        foreach (var level in scope.SelfAndAncestors())
        {
            if (level.IsBlock("location") && level.Directive is { } location)
            {
                var args = location.Args;
                prefix = args.Count switch
                {
                    1 when !args[0].StartsWith('@') => args[0],
                    2 when args[0] is "=" or "^~" => args[1],
                    _ => null,
                };

                // The innermost location decides which requests come here; a regular expression anywhere in the chain is
                // not a prefix.
                if (prefix is null)
                {
                    return null;
                }

                break;
            }
        }

        return prefix;
    }

    /// <summary>The longest wait of <paramref name="inner"/> on the requests of the outer location: each of its passes under
    /// the outer's prefix, its read timeout bounded by its back end's limit (<see cref="BackEndLimit"/>, where known).</summary>
    private static Limit? InnerWait(RuleContext context, FrontEnd outer, NginxScope outerScope, InnerListen inner, InnerServers servers, out string? why)
    {
        why = null;
        var outerPrefix = Prefix(outerScope);
        if (outerPrefix is null)
        {
            why = "its location is a regular expression, so which inner locations its requests reach is not known";
            return null;
        }

        if (outer.Target.Uri.Length > 0 && !(outer.Target.Uri == "/" && outerPrefix == "/"))
        {
            why = $"its URI '{outer.Target.Uri}' replaces the location's prefix, so which inner locations its requests reach is not judged";
            return null;
        }

        if (!servers.Passes.TryGetValue(inner.Server, out var passes))
        {
            return null;
        }

        Limit? longest = null;
        string? defaultOnly = null;
        foreach (var frontEnd in passes)
        {
            if (frontEnd.Details is not NginxPass { Scope: var scope } || !NginxSettings.HasReadTimeout(frontEnd.DirectiveName))
            {
                continue;
            }

            if (Internal(scope))
            {
                // An internal location takes no request by matching: only nginx's own redirects (X-Accel-Redirect,
                // error_page, rewrite) lead there, after a location of the outer proxy's requests has taken them.
                continue;
            }

            var prefix = Prefix(scope);
            if (prefix is null)
            {
                why = $"{frontEnd.DirectiveName} at {frontEnd.File.DisplayPath}:{frontEnd.Directive.Position.Line} stands in a regular-expression or named location, which may take any of its requests";
                return null;
            }

            if (!prefix.StartsWith(outerPrefix, StringComparison.Ordinal) && !outerPrefix.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var name = NginxSettings.ModuleSetting(frontEnd.DirectiveName, "_read_timeout");
            var effective = NginxSettings.Time(scope, name, NginxSettings.DefaultReadTimeout);
            var serverLine = $"{inner.File.DisplayPath}:{inner.Server.Directive!.Position.Line}";
            var waitAt = effective.Directive?.Location ?? frontEnd.Directive.Location;
            var also = new List<RelatedLocation> { new(inner.Server.Directive.Location, $"the nginx server this proxy reaches, whose {frontEnd.DirectiveName} waits at most {effective.Value}") };
            var waits = effective.IsDefault ? $"{name} (nginx's default of {effective.Value})" : $"{name} {effective.Value}";
            var backEnd = context.Host.Shared("CL006.InnerLimit", frontEnd, () => new StrongBox<Limit?>(BackEndLimit(context, frontEnd))).Value;
            if (backEnd is null && effective.IsDefault)
            {
                // An inner proxy's wait is how long it waits, not how long its back end needs; nginx's default one was
                // chosen by nobody (the bookwyrm corpus root's precedent): no evidence that requests run that long.
                defaultOnly ??= $"the inner {frontEnd.DirectiveName} {frontEnd.Target.Text} waits nginx's default {name} of {effective.Value} and its back end's own limit is not known, which is no evidence that a request runs that long";
                continue;
            }

            Limit wait;
            if (backEnd is not null && backEnd.Value <= effective.Value)
            {
                // The back end stops the request first: the inner server answers (its error or the response) by then.
                wait = new Limit(backEnd.Value, $"the nginx server at {serverLine} (its {frontEnd.DirectiveName} {frontEnd.Target.Text} waits for {backEnd.BackEnd})", backEnd.Setting, backEnd.Location)
                {
                    Also = [.. also, new RelatedLocation(waitAt, $"{waits}: the inner server waits as long")],
                    // Until the inner target is corrected (CL001) only the inner wait bounds the chain: a raise is a choice.
                    Advice = backEnd.Intended ? "the inner server does not reach that back end yet (CL001), so only its own wait bounds the chain until it does" : null,
                };
            }
            else
            {
                wait = new Limit(effective.Value, $"the nginx server at {serverLine}", $"{waits} of its {frontEnd.DirectiveName} {frontEnd.Target.Text}"
                    + (backEnd is null ? ", its back end's own limit not known" : $", below {backEnd.BackEnd}'s {backEnd.Setting} of {backEnd.Value}"), null)
                {
                    Also = [.. also, new RelatedLocation(waitAt, $"{waits}: the inner server waits this long for its back end")],
                    Advice = backEnd is null ? "the inner server's wait is all that is known: its back end's own limit is not, and lowering the inner wait fits the evidence as well" : null,
                    Informational = backEnd is null,
                };
            }

            longest = Longer(longest, wait);
        }

        if (longest is null)
        {
            why = defaultOnly;
        }

        return longest;
    }
}
