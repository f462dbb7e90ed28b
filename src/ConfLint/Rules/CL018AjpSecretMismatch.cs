using ConfLint.Diagnostics;
using ConfLint.Host.Tomcat;
using ConfLint.Rules.Support;
using ConfLint.Rules.Tomcat;
using ConfLint.Syntax.Apache;
using ConfLint.Syntax.Tomcat;
using ConfLint.Text;

namespace ConfLint.Rules;

public sealed class CL018AjpSecretMismatch : Rule
{
    public override string Code => "CL018";

    public override IEnumerable<Diagnostic> Check(RuleContext context)
    {
        foreach (var tomcat in context.Host.Tomcat)
        {
            foreach (var connector in tomcat.Connectors.Where(c => c.IsAjp))
            {
                var workers = AjpWorker.Reaching(context.Host, connector).ToList();
                if (connector.Secret is null)
                {
                    if (connector.SecretRequired is null)
                    {
                        context.Notes.Add($"{tomcat.ServerXml.DisplayPath}:{connector.Element.Position.Line}: CL018 did not judge the {connector.Describe()}: whether it requires a secret depends on Tomcat's version, which is unknown ({tomcat.Version.Source})");
                    }
                    else if (connector.SecretRequired == true)
                    {
                        yield return NoSecret(tomcat, connector, workers.Select(w => w.Worker).ToList());
                    }

                    continue;
                }

                if (connector.Secret.Contains("${", StringComparison.Ordinal))
                {
                    context.Notes.Add($"{tomcat.ServerXml.DisplayPath}:{connector.Element.Position.Line}: CL018 did not judge the {connector.Describe()}: its secret is a property ConfLint does not read");
                    continue;
                }

                foreach (var (worker, reached) in workers)
                {
                    if (worker.Unknown is { } why)
                    {
                        context.Notes.Add($"{worker.File.DisplayPath}:{worker.Directive.Position.Line}: CL018 did not judge the secret {worker.Directive.Name} {worker.FrontEnd.Target.Text} sends: {why}");
                        continue;
                    }

                    if (worker.Secret == connector.Secret)
                    {
                        continue;
                    }

                    var what = $"{worker.Directive.Name} {worker.Target.Token?.Value ?? worker.FrontEnd.Target.Text}";
                    var sends = worker.Secret is null ? "sends no secret" : "sends a secret= that differs from the connector's";
                    yield return Report(
                        worker.SecretToken?.Location ?? worker.Target.Location,
                        $"{what} {sends}, but Tomcat's {connector.Describe()} requires its secret: Tomcat answers every request with 403 Forbidden " +
                        "(not a 502: the connection works and the request is refused)",
                        [Related(connector.SecretAttribute!, "the connector's secret")],
                        // Only on the line that defines the worker it uses: a RewriteRule's line takes no worker parameters (a
                        // secret= after its URL would be read as its flags), and a ProxyPass that shares another line's worker
                        // ignores its own (AH01146).
                        reached == 1 && worker.OwnLine && !worker.Directive.IsNamed("RewriteRule") ? SendSecret(worker, connector.Secret) : null);
                }
            }
        }
    }

    /// <summary>A connector that requires a secret and has none: Tomcat does not start it (<c>AbstractAjpProtocol.start</c>
    /// throws, Tomcat logs SEVERE and goes on without it), but its port is bound. An error where an Apache worker reaches
    /// it (its requests hang, then 503); a warning where none does: nothing fails until a proxy is pointed there.</summary>
    private Diagnostic NoSecret(TomcatInstance tomcat, TomcatConnector connector, List<AjpWorker> workers)
    {
        var why = connector.SecretRequiredWritten ? "secretRequired=\"true\"" : $"secretRequired is true by default since Tomcat 9.0.31; {tomcat.Version.Source}";
        var used = workers.Count == 0 ? "no proxy of this host uses it, so nothing fails until one is pointed there" : $"{workers[0].Directive.Name} {workers[0].FrontEnd.Target.Text} waits on it";
        var message = $"the {connector.Describe()} requires a secret ({why}) but has none: Tomcat does not start it (\"The AJP Connector is configured " +
                      "with secretRequired=\"true\" but the secret attribute is either null or \"\"\"), yet its port is bound, so a proxy's requests hang " +
                      $"until the proxy's timeout (Apache's Timeout, then 503); {used}";
        var location = connector.Element.Attribute("secretRequired")?.Location ?? connector.Element.NameToken.Location;
        var related = workers.Take(3).Select(w => Related(w.Directive, $"{w.Directive.Name} connects to this connector")).ToList();
        var secrets = workers.Select(w => w.Secret).Distinct().ToList();
        var fix = secrets is [{ } only] && !workers.Any(w => w.SecretUnknown) ? SetSecret(tomcat, connector, only) : null;
        var diagnostic = Report(location, message, related, fix);
        return workers.Count > 0 ? diagnostic : diagnostic with { Severity = Severity.Warning };
    }

    /// <summary>The connector gets the secret every Apache worker that reaches it sends. Safe: exactly one value fits.</summary>
    private static Fix SetSecret(TomcatInstance tomcat, TomcatConnector connector, string secret)
    {
        var element = connector.Element;
        var source = tomcat.ServerXml.Source!;
        var last = element.Attributes.Count > 0 ? element.Attributes[^1] : null;
        var anchor = last?.ValueToken.End ?? element.NameToken.End;
        var attribute = "secret=" + TomcatText.Quote(secret);
        var multiline = last is not null && source.GetLinePosition(element.Attributes[0].Span.Start).Line != source.GetLinePosition(last.Span.Start).Line;
        var text = multiline ? source.PreferredNewLine + Edits.Indentation(source, last!.Span.Start) + attribute : " " + attribute;
        return new Fix("Give the AJP connector the secret its proxies send", Applicability.Safe,
            [Edits.Replace(tomcat.ServerXml, new TextSpan(anchor, 0), text)]);
    }

    /// <summary>The Apache worker sends the connector's secret. Safe when its address reaches exactly one AJP connector.</summary>
    private static Fix SendSecret(AjpWorker worker, string secret)
    {
        if (worker.SecretToken is { } token && worker.SecretFile is { } file)
        {
            var key = token.Value[..token.Value.IndexOf('=')];
            return new Fix($"Send the connector's secret from {worker.Directive.Name}", Applicability.Safe,
                [Edits.ReplaceValue(file, token, key + "=" + secret)]);
        }

        var url = worker.Target.Token!.Value;
        return new Fix($"Add the connector's secret to {worker.Directive.Name}", Applicability.Safe,
            [Edits.Replace(worker.File, new TextSpan(url.End, 0), " " + ApacheText.Quote("secret=" + secret))]);
    }
}
