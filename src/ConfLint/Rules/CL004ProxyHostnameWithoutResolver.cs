using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.Nginx;

namespace ConfLint.Rules;

/// <summary>
/// CL004 proxy-hostname-without-resolver. A hostname in a <c>*_pass</c> (or an upstream's <c>server</c>) that is
/// not an IP, not an upstream, not in /etc/hosts: nginx resolves it once, at start. A <c>*_pass</c> whose
/// address is a variable holding a hostname (from <c>set</c>, a <c>map</c>, or the request), with no
/// <c>resolver</c> in scope: nginx cannot resolve it at request time. A variable whose values the
/// configuration does not show is left alone.
/// </summary>
public sealed class CL004ProxyHostnameWithoutResolver : Rule
{
    public override string Code => "CL004";

    public override IEnumerable<Diagnostic> Check(RuleContext context)
    {
        var host = context.Host;
        var resolver = CL004ProxyHostnameWithoutResolverFix.ResolverAddress(context);
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
                        CL004ProxyHostnameWithoutResolverFix.ForVariable(frontEnd, resolver));
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
                    fix: CL004ProxyHostnameWithoutResolverFix.ForHostname(frontEnd, hostname, resolver));
            }
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
}
