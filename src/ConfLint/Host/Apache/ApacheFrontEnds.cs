using ConfLint.Syntax;
using ConfLint.Syntax.Apache;
using ConfLint.Workspace;

namespace ConfLint.Host.Apache;

/// <summary>
/// Apache's proxy directives as front ends: <c>ProxyPass [PATH] URL</c> (no PATH inside <c>&lt;Location&gt;</c>),
/// <c>ProxyPassMatch REGEX URL</c>, <c>SetHandler "proxy:..."</c>, <c>RewriteRule PATTERN URL [P]</c> where it is in
/// effect and its address is written out (<see cref="ApacheRewriteProxies"/>), and the <c>BalancerMember</c>s of a
/// <c>&lt;Proxy balancer://NAME&gt;</c> that one of them names. The workers' user is <c>User</c>/<c>Group</c>
/// with <c>${APACHE_RUN_USER}</c> from envvars.
/// </summary>
internal static class ApacheFrontEnds
{
    public static void Add(HostModel model, ApacheInstance instance)
    {
        var web = WebUser(model, instance);
        var balancers = new Dictionary<string, List<(ApacheDirective Directive, ConfigFile File)>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (directive, file, sections) in instance.Directives)
        {
            if (directive.IsNamed("BalancerMember") && directive.Args.Count >= 1)
            {
                var proxy = sections.LastOrDefault(s => s.IsNamed("Proxy"));
                var name = proxy is { Args.Count: > 0 } ? instance.Expand(proxy.Args[0]).TrimEnd('/') : null;
                if (name is not null)
                {
                    (balancers.TryGetValue(name, out var list) ? list : balancers[name] = []).Add((directive, file));
                }
            }
        }

        foreach (var (directive, file, sections) in instance.Directives)
        {
            SyntaxToken? token = null;
            (SyntaxToken Token, ProxyTarget Target)? rewritten = null;
            if (directive.IsNamed("ProxyPass") || directive.IsNamed("ProxyPassMatch"))
            {
                var inLocation = sections.Any(s => s.IsNamed("Location") || s.IsNamed("LocationMatch"));
                var index = inLocation && directive.IsNamed("ProxyPass") ? 0 : 1;
                if (directive.Arguments.Count > index && directive.Args[index] != "!")
                {
                    token = directive.Arguments[index];
                }
            }
            else if (directive.IsNamed("SetHandler") && directive.Args.Count >= 1 && directive.Args[0].StartsWith("proxy:", StringComparison.OrdinalIgnoreCase))
            {
                token = directive.Arguments[0];
            }
            else if (directive.IsNamed("RewriteRule"))
            {
                rewritten = ApacheRewriteProxies.Read(instance, directive, file, sections, model.UnjudgedFrontEnds);
                token = rewritten?.Token;
            }

            if (token is not { } targetToken)
            {
                continue;
            }

            var target = rewritten?.Target ?? ProxyTarget.ParseApache(instance.Expand(targetToken.Value));
            var targets = new List<EndpointSite>();
            if (target.Scheme == "balancer" && target.Name is { } balancer && balancers.TryGetValue(balancer, out var members))
            {
                foreach (var (member, memberFile) in members)
                {
                    if (ProxyTarget.ParseApache(instance.Expand(member.Args[0])) is { Endpoint: { Kind: EndpointKind.Unix or EndpointKind.Tcp } endpoint } address)
                    {
                        targets.Add(new EndpointSite(endpoint, memberFile, member.Arguments[0].Location, member) { Token = member.Arguments[0], Target = address, Protocol = Protocol(address.Scheme) });
                    }
                }
            }
            else if (target.Endpoint is { Kind: EndpointKind.Unix or EndpointKind.Tcp } endpoint)
            {
                targets.Add(new EndpointSite(endpoint, file, targetToken.Location, directive) { Token = targetToken, Target = target, Protocol = Protocol(target.Scheme) });
            }

            model.FrontEnds.Add(new FrontEnd(ConfigKind.Apache, file, directive, directive.Name, targetToken, target, Protocol(target.Scheme), web)
            {
                Targets = targets,
            });
        }
    }

    private static WebIdentity WebUser(HostModel model, ApacheInstance instance)
    {
        var user = instance.Directives.LastOrDefault(d => d.Sections.Count == 0 && d.Directive.IsNamed("User") && d.Directive.Args.Count > 0);
        var group = instance.Directives.LastOrDefault(d => d.Sections.Count == 0 && d.Directive.IsNamed("Group") && d.Directive.Args.Count > 0);
        if (user.Directive is { } userDirective)
        {
            var name = instance.Expand(userDirective.Args[0]);
            var groupName = group.Directive is { } g ? instance.Expand(g.Args[0]) : name;
            var via = userDirective.Args[0].Contains("${", StringComparison.Ordinal) ? ", through envvars" : string.Empty;
            return new WebIdentity(name, groupName, $"Apache 'User' directive{via}", user.File, userDirective);
        }

        return model.Config.WebUser is { } configured
            ? new WebIdentity(configured, configured, "host.web-user in .conflint.yml")
            : new WebIdentity("nobody", model.Accounts.PrimaryGroup("nobody") ?? "nogroup", "Apache's default (no 'User' directive)");
    }

    private static BackendProtocol Protocol(string? scheme) => scheme switch
    {
        "fcgi" => BackendProtocol.FastCgi,
        "http" or "https" or "ws" or "wss" or "h2" or "h2c" => BackendProtocol.Http,
        "uwsgi" => BackendProtocol.Uwsgi,
        "scgi" => BackendProtocol.Scgi,
        "ajp" => BackendProtocol.Ajp,
        _ => BackendProtocol.Other,
    };
}
