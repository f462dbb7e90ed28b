using ConfLint.Host;
using ConfLint.Host.Apache;
using ConfLint.Host.Tomcat;
using ConfLint.Rules.Support;
using ConfLint.Syntax;
using ConfLint.Syntax.Apache;
using ConfLint.Workspace;

namespace ConfLint.Rules.Tomcat;

/// <summary>
/// An Apache AJP worker that reaches a Tomcat AJP connector: the <c>ProxyPass</c>, <c>ProxyPassMatch</c>,
/// <c>RewriteRule ... [P]</c> or <c>BalancerMember</c> whose <c>ajp://</c> URL connects there, and the <c>secret=</c> it
/// sends (mod_proxy_ajp 2.4.42+): a balancer member's from its own line, the others' from the worker that serves them
/// (<see cref="ApacheWorkers"/>: a ProxyPass line, a <c>&lt;Proxy ajp://...&gt;</c> line or a <c>ProxySet</c>), unknown where
/// more than one worker may (<see cref="Unknown"/> says why).
/// </summary>
/// <param name="SecretFile">The file of <paramref name="SecretToken"/>.</param>
/// <param name="OwnLine">Whether the worker that serves it is defined by <paramref name="Directive"/> itself, so that a
/// <c>secret=</c> written there is the one sent.</param>
internal sealed record AjpWorker(FrontEnd FrontEnd, EndpointSite Target, ApacheDirective Directive, ConfigFile File, string? Secret, SyntaxToken? SecretToken, ConfigFile? SecretFile, bool OwnLine, string? Unknown)
{
    public bool SecretUnknown => Unknown is not null;

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
        var place = ApacheWorkers.Place(host, directive);
        if (directive.IsNamed("BalancerMember"))
        {
            // A member is a worker of its balancer (ap_proxy_define_worker_ex with the balancer): its own line's
            // parameters are its own, and a ProxySet or <Proxy> for its URL finds another worker, not it.
            var urlIndex = target.Token is { } url ? directive.Arguments.ToList().IndexOf(url) : -1;
            for (var i = urlIndex + 1; urlIndex >= 0 && i < directive.Arguments.Count; i++)
            {
                var word = ApacheWorkers.EntryOf(host, directive)?.Expand(directive.Args[i]) ?? directive.Args[i];
                if (word.StartsWith("secret=", StringComparison.OrdinalIgnoreCase))
                {
                    var secret = word["secret=".Length..];
                    return new AjpWorker(frontEnd, target, directive, target.File, secret, directive.Arguments[i], target.File, true,
                        secret.Contains("${", StringComparison.Ordinal) ? $"its secret={secret} names a variable that is not defined" : null);
                }
            }

            return new AjpWorker(frontEnd, target, directive, target.File, null, null, null, true, null);
        }

        var answer = place is var (at, sections)
            ? ApacheWorkers.Parameter(at, directive, sections, frontEnd.Target.Text, "secret")
            : ApacheWorkers.NotRead;
        return new AjpWorker(frontEnd, target, directive, target.File, answer.Setting?.Value, answer.Setting?.Token, answer.Setting?.File,
            ReferenceEquals(answer.Worker, directive), answer.Unknown);
    }
}
