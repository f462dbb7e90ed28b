using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.Nginx;
using ConfLint.Rules.Support;
using ConfLint.Syntax.Nginx;

namespace ConfLint.Rules;

public sealed class CL004ProxyHostnameWithoutResolver : Rule<CL004ProxyHostnameWithoutResolver.Options>
{
    /// <param name="Resolver">The DNS server the fix writes, when set; else the host's nameserver, else systemd-resolved's stub.</param>
    public sealed record Options(string? Resolver);

    public override string Code => "CL004";

    protected override Options ReadOptions(RuleOptions options) => new(options.IsSet("resolver") ? options.Text("resolver") : null);

    protected override IEnumerable<Diagnostic> Check(RuleContext context, Options options)
    {
        var host = context.Host;
        var resolver = options.Resolver ?? host.Nameserver ?? "127.0.0.53";
        var reportedServers = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var frontEnd in host.FrontEnds)
        {
            if (frontEnd.Details is not NginxPass { Scope: var scope, Instance: var nginx } pass)
            {
                continue;
            }

            var target = frontEnd.Target;
            if (target.HasVariable)
            {
                if (scope.Effective("resolver") is not null)
                {
                    continue;
                }

                if (VariableNeedsResolver(context, frontEnd, nginx, scope) is { } why)
                {
                    yield return Report(frontEnd.TargetToken.Location,
                        $"{frontEnd.DirectiveName} {target.Text}: {why}, and no 'resolver' is in scope here: each request fails with 'no resolver defined to resolve' and a 502",
                        [Related(frontEnd.Directive, "add 'resolver' to this location, its server or http")],
                        ResolverFix(frontEnd, resolver));
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

                    var name = ProxyTarget.ParseNginx(server.Args[0]).Name;
                    if (name is not null && !host.StaticHostNames.Contains(name))
                    {
                        yield return Report(server.Arguments[0].Location,
                            $"upstream '{upstream.Name}' server '{server.Args[0]}': {ResolvedOnce(name)}",
                            [Related(frontEnd.Directive, $"{frontEnd.DirectiveName} uses upstream '{upstream.Name}'")]);
                    }
                }

                continue;
            }

            if (target.Name is { } hostname && !host.StaticHostNames.Contains(hostname))
            {
                yield return Report(frontEnd.TargetToken.Location, $"{frontEnd.DirectiveName} {target.Text}: {ResolvedOnce(hostname)}",
                    fix: HostnameFix(frontEnd, hostname, resolver));
            }
        }

        foreach (var haproxy in Haproxy.HaproxyResolution.Check(context))
        {
            yield return Report(haproxy.Location, haproxy.Message, haproxy.Related, haproxy.Fix);
        }
    }

    private static string ResolvedOnce(string name) =>
        $"'{name}' is resolved once, when nginx starts; when its address changes nginx keeps connecting to the old one (502) until a reload, and if it does not resolve at start nginx does not start";

    /// <summary>Why the variable needs a resolver, or null when it holds addresses or upstream names (or cannot be told).</summary>
    private static string? VariableNeedsResolver(RuleContext context, FrontEnd frontEnd, NginxInstance nginx, NginxScope scope)
    {
        var variable = frontEnd.Target.HostVariable;
        if (variable is null)
        {
            return "the host name is built from variables at request time";
        }

        if (NginxVariables.IsFromRequest(variable))
        {
            return $"the host comes from the request (${variable}) and is resolved per request";
        }

        var values = NginxVariables.ValuesOf(nginx, scope, variable);
        if (values is null)
        {
            context.Notes.Add($"{frontEnd.File.DisplayPath}:{frontEnd.Directive.Position.Line}: CL004 cannot tell what ${variable} holds; not judged");
            return null;
        }

        foreach (var value in values)
        {
            var parsed = ProxyTarget.ParseNginx(value);
            if (parsed.HasVariable)
            {
                continue;
            }

            if (parsed.Name is { } name && !nginx.Upstreams.ContainsKey(name) && !context.Host.StaticHostNames.Contains(name))
            {
                return $"${variable} holds the hostname '{name}', which nginx must resolve per request";
            }
        }

        return null;
    }

    /// <summary>For a variable target: only the resolver. Safe: requests that failed now resolve.</summary>
    private static Fix? ResolverFix(FrontEnd frontEnd, string resolver) =>
        frontEnd.Directive is NginxDirective pass
            ? new Fix($"Add 'resolver {resolver} valid=30s;' before {frontEnd.DirectiveName}", Applicability.Safe,
                [Edits.InsertLinesBefore(frontEnd.File, pass, [$"resolver {resolver} valid=30s;"])])
            : null;

    /// <summary>For a hostname written out: the resolver if none is in scope, a <c>set</c> of a variable to the name,
    /// and the name in the pass replaced by the variable. Unsafe: nginx then passes the URI the expression gives.</summary>
    private static Fix? HostnameFix(FrontEnd frontEnd, string hostname, string resolver)
    {
        if (frontEnd.Directive is not NginxDirective pass || frontEnd.Details is not NginxPass { Scope: var scope } || scope.Context is not (NginxContext.Location or NginxContext.If or NginxContext.Server))
        {
            return null;
        }

        var variable = "$backend_" + new string(hostname.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_').ToArray());
        if (frontEnd.Target.WithHost(variable) is not { } rewritten)
        {
            return null;
        }

        var lines = new List<string>();
        if (scope.Effective("resolver") is null)
        {
            lines.Add($"resolver {resolver} valid=30s;");
        }

        lines.Add($"set {variable} {hostname};");
        return new Fix(
            $"Resolve {hostname} at request time: {string.Join(" ", lines)} and {frontEnd.DirectiveName} {rewritten} (the URI is then passed as the variable expression gives it)",
            Applicability.Unsafe,
            [
                Edits.InsertLinesBefore(frontEnd.File, pass, lines),
                Edits.ReplaceValue(frontEnd.File, frontEnd.TargetToken, rewritten),
            ]);
    }
}
