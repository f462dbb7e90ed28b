using ConfLint.Host;
using ConfLint.Host.Apache;
using ConfLint.Host.Tomcat;
using ConfLint.Syntax;
using ConfLint.Syntax.Apache;
using ConfLint.Workspace;

namespace ConfLint.Rules.Tomcat;

/// <summary>
/// An Apache AJP worker that reaches a Tomcat AJP connector: the <c>ProxyPass</c>, <c>ProxyPassMatch</c> or
/// <c>BalancerMember</c> whose <c>ajp://</c> URL connects there, and the <c>secret=</c> it sends: a parameter after its
/// URL, else a <c>ProxySet secret=</c> in a <c>&lt;Proxy&gt;</c> section for the same address (mod_proxy_ajp 2.4.42+). A
/// <c>RewriteRule ... [P]</c> to an <c>ajp://</c> URL sends what the <c>&lt;Proxy&gt;</c> section gives, and is not judged
/// where a ProxyPass to the same address carries a secret (its worker may be the one the rule uses).
/// </summary>
internal sealed record AjpWorker(FrontEnd FrontEnd, EndpointSite Target, ApacheDirective Directive, ConfigFile File, string? Secret, SyntaxToken? SecretToken, bool SecretUnknown)
{
    /// <summary>The Apache workers whose targets reach <paramref name="connector"/>, and how many AJP connectors each target reaches.</summary>
    public static IEnumerable<(AjpWorker Worker, int Connectors)> Reaching(HostModel host, TomcatConnector connector)
    {
        foreach (var frontEnd in host.FrontEnds.Where(f => f.Daemon == ConfigKind.Apache))
        {
            foreach (var target in frontEnd.Targets.Where(t => t.Protocol == BackendProtocol.Ajp && t.DefinedAt is ApacheDirective))
            {
                var reached = host.Providers(target.Endpoint).OfType<TomcatInstance>()
                    .SelectMany(t => t.Listeners.Where(l => l.Endpoint.Accepts(target.Endpoint)).Select(t.ConnectorOf))
                    .OfType<TomcatConnector>().Where(c => c.IsAjp).Distinct().ToList();
                if (reached.Contains(connector))
                {
                    yield return (Read(host, frontEnd, target), reached.Count);
                }
            }
        }
    }

    private static AjpWorker Read(HostModel host, FrontEnd frontEnd, EndpointSite target)
    {
        var directive = (ApacheDirective)target.DefinedAt!;
        var instance = host.Apache.FirstOrDefault(i => i.Directives.Any(d => d.Directive == directive));
        string Expand(string value) => instance?.Expand(value) ?? value;
        var urlIndex = target.Token is { } url ? directive.Arguments.ToList().IndexOf(url) : -1;
        for (var i = urlIndex + 1; urlIndex >= 0 && i < directive.Arguments.Count; i++)
        {
            if (Parameter(Expand(directive.Args[i])) is { } secret)
            {
                return new AjpWorker(frontEnd, target, directive, target.File, secret, directive.Arguments[i], secret.Contains("${", StringComparison.Ordinal));
            }
        }

        // A RewriteRule [P] carries no worker parameters: it uses the worker whose URL its own begins with
        // (ap_proxy_get_worker), which may be a ProxyPass's with a secret= of its own: not judged.
        if (directive.IsNamed("RewriteRule") && (instance?.Directives ?? []).Any(d => !d.Directive.IsNamed("RewriteRule")
                && d.Directive.Args.Any(a => Parameter(a) is not null)
                && d.Directive.Args.Any(a => ProxyTarget.ParseApache(Expand(a)) is { Scheme: "ajp", Endpoint: { } other } && other.Accepts(target.Endpoint) && other.Port == target.Endpoint.Port)))
        {
            return new AjpWorker(frontEnd, target, directive, target.File, null, null, true);
        }

        // ProxySet secret=... in <Proxy ajp://host:port/...> for the same address.
        foreach (var (set, _, sections) in instance?.Directives ?? [])
        {
            if (set.IsNamed("ProxySet") && sections.LastOrDefault(s => s.IsNamed("Proxy")) is { Args.Count: > 0 } proxy
                && ProxyTarget.ParseApache(Expand(proxy.Args[0])).Endpoint is { } endpoint && endpoint.Accepts(target.Endpoint) && endpoint.Port == target.Endpoint.Port)
            {
                foreach (var arg in set.Args.Select(Expand))
                {
                    if (Parameter(arg) is { } secret)
                    {
                        return new AjpWorker(frontEnd, target, directive, target.File, secret, null, secret.Contains("${", StringComparison.Ordinal));
                    }
                }
            }
        }

        return new AjpWorker(frontEnd, target, directive, target.File, null, null, false);
    }

    /// <summary>The value of a <c>secret=VALUE</c> worker parameter (the key in any case), or null.</summary>
    private static string? Parameter(string word) =>
        word.StartsWith("secret=", StringComparison.OrdinalIgnoreCase) ? word["secret=".Length..] : null;
}
