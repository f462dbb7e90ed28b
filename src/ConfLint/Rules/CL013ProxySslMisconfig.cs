using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.Apache;
using ConfLint.Host.Nginx;
using ConfLint.Rules.Support;
using ConfLint.Syntax;
using ConfLint.Syntax.Apache;
using ConfLint.Syntax.Nginx;
using ConfLint.Workspace;

namespace ConfLint.Rules;

public sealed class CL013ProxySslMisconfig : Rule
{
    public override string Code => "CL013";

    public override IEnumerable<Diagnostic> Check(RuleContext context)
    {
        var version = NginxRelease.Of(context).Version;
        var reported = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var frontEnd in context.Host.FrontEnds)
        {
            if (frontEnd.Details is NginxPass pass && frontEnd.DirectiveName == "proxy_pass" && frontEnd.Target.Scheme == "https" && reported.Add(pass.Scope))
            {
                foreach (var diagnostic in CheckNginx(frontEnd, pass, version))
                {
                    yield return diagnostic;
                }
            }
        }

        foreach (var apache in context.Host.Apache)
        {
            foreach (var diagnostic in CheckApache(context.Host, apache))
            {
                yield return diagnostic;
            }
        }
    }

    private IEnumerable<Diagnostic> CheckNginx(FrontEnd frontEnd, NginxPass pass, Knowledge.NginxVersion version)
    {
        var scope = pass.Scope;
        var verify = scope.Effective("proxy_ssl_verify");
        var verifying = verify is var (v, _) && v.Args is [var flag] && flag.Equals("on", StringComparison.OrdinalIgnoreCase);
        if (verifying && scope.Effective("proxy_ssl_trusted_certificate") is null)
        {
            yield return Report(frontEnd.TargetToken.Location,
                $"proxy_pass {frontEnd.Target.Text} verifies the back end's certificate (proxy_ssl_verify on) against no CA: proxy_ssl_trusted_certificate is not set here, so nginx refuses to start ('no proxy_ssl_trusted_certificate for proxy_ssl_verify')",
                [Related(verify!.Value.Directive, "proxy_ssl_verify on is in effect from here")],
                new Fix("Add 'proxy_ssl_trusted_certificate FILE;' with the CA that signed the back end's certificate (the system bundle, /etc/ssl/certs/ca-certificates.crt, for a public CA); never turn verification off", Applicability.DisplayOnly, []));
        }

        // A name, not an address or an upstream: the back end may serve several names on one address, and picks the
        // certificate by the name the client sends (SNI). nginx sends none unless told to.
        if (pass.Upstream is not null || frontEnd.Target.Name is not { } name || Endpoint.IsIpAddress(name) || name.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            yield break;
        }

        if (scope.Effective("proxy_ssl_server_name") is var (sni, _) && sni.Args is [var on] && on.Equals("on", StringComparison.OrdinalIgnoreCase))
        {
            yield break;
        }

        var edit = NginxEdits.Set(scope, "proxy_ssl_server_name", "on", version, ((NginxDirective)frontEnd.Directive, frontEnd.File));
        var diagnostic = Report(frontEnd.TargetToken.Location,
            $"proxy_pass {frontEnd.Target.Text} connects by TLS to the host name '{name}' without sending it (proxy_ssl_server_name is off{(verifying ? "; proxy_ssl_verify checks the certificate against that name" : string.Empty)}): a back end that serves several names on one address (a CDN, a cloud load balancer, a shared host) answers with its default certificate or fails the handshake, and nginx answers 502",
            fix: edit is null ? null : new Fix("Send the host name: proxy_ssl_server_name on", Applicability.Safe, [edit]));
        yield return diagnostic with { Severity = Severity.Info };
    }

    /// <summary>Apache: <c>ProxyPass https://</c> (or a balancer member) with no <c>SSLProxyEngine on</c> for its
    /// server; <c>SSLProxyVerify require</c> with no <c>SSLProxyCACertificateFile</c>/<c>Path</c>. mod_ssl merges these per
    /// virtual host over the main server's.</summary>
    private IEnumerable<Diagnostic> CheckApache(HostModel host, ApacheInstance apache)
    {
        var byServer = new Dictionary<object, (ApacheSection? Host, List<(FrontEnd FrontEnd, ApacheDirective Directive, ConfigFile File, IReadOnlyList<ApacheSection> Sections)> Passes)>(ReferenceEqualityComparer.Instance);
        var mainKey = new object();
        foreach (var frontEnd in host.FrontEnds.Where(f => f.Daemon == ConfigKind.Apache))
        {
            var entry = apache.Directives.FirstOrDefault(d => ReferenceEquals(d.Directive, frontEnd.Directive));
            if (entry.Directive is null || !UsesHttps(frontEnd))
            {
                continue;
            }

            var vhost = entry.Sections.LastOrDefault(s => s.IsNamed("VirtualHost"));
            var key = (object?)vhost ?? mainKey;
            (byServer.TryGetValue(key, out var found) ? found : byServer[key] = (vhost, [])).Passes.Add((frontEnd, entry.Directive, entry.File, entry.Sections));
        }

        foreach (var (vhost, passes) in byServer.Values)
        {
            var engine = Setting(apache, vhost, "SSLProxyEngine");
            var first = passes[0];
            if (engine is not { } on || !on.Directive.Args.Any(a => a.Equals("on", StringComparison.OrdinalIgnoreCase)))
            {
                yield return Report(first.FrontEnd.TargetToken.Location,
                    $"{first.Directive.Name} {first.FrontEnd.Target.Text}: the back end speaks HTTPS but SSLProxyEngine is not on for this {(vhost is null ? "server" : "virtual host")}: Apache cannot open the connection ('AH00961: HTTPS: failed to enable ssl support') and answers 500 for every request through it",
                    engine is { } off ? [Related(off.Directive, "SSLProxyEngine is off here")] : null,
                    EngineFix(apache, vhost, first, engine));
            }

            var verify = Setting(apache, vhost, "SSLProxyVerify");
            if (verify is { } require && require.Directive.Args is [var mode] && mode.Equals("require", StringComparison.OrdinalIgnoreCase)
                && Setting(apache, vhost, "SSLProxyCACertificateFile") is null && Setting(apache, vhost, "SSLProxyCACertificatePath") is null)
            {
                yield return Report(require.Directive.Arguments[0].Location,
                    $"SSLProxyVerify require with no SSLProxyCACertificateFile or SSLProxyCACertificatePath: no certificate can be verified, so every TLS handshake with the back end fails ('AH00898: Error during SSL Handshake with remote server') and Apache answers 502 for {first.Directive.Name} {first.FrontEnd.Target.Text}",
                    [Related(first.Directive, "this proxy connects by HTTPS")],
                    new Fix("Add 'SSLProxyCACertificateFile FILE' with the CA that signed the back end's certificate (the system bundle, /etc/ssl/certs/ca-certificates.crt, for a public CA); never lower SSLProxyVerify", Applicability.DisplayOnly, []));
            }
        }
    }

    private static bool UsesHttps(FrontEnd frontEnd) =>
        frontEnd.Target.Scheme is "https" or "wss" || frontEnd.Target.HandlerUrl?.StartsWith("https://", StringComparison.OrdinalIgnoreCase) == true
        || frontEnd.Targets.Any(t => t.Target?.Scheme is "https" or "wss");

    /// <summary>The directive that sets a mod_ssl server setting for a virtual host: its own, else the main server's.</summary>
    private static (ApacheDirective Directive, ConfigFile File)? Setting(ApacheInstance apache, ApacheSection? vhost, string name)
    {
        (ApacheDirective, ConfigFile)? own = null;
        (ApacheDirective, ConfigFile)? main = null;
        foreach (var (directive, file, sections) in apache.Directives)
        {
            if (!directive.IsNamed(name))
            {
                continue;
            }

            var server = sections.LastOrDefault(s => s.IsNamed("VirtualHost"));
            if (vhost is not null && ReferenceEquals(server, vhost))
            {
                own = (directive, file);
            }
            else if (server is null && !sections.Any(s => s.IsNamed("Proxy") || s.IsNamed("Directory") || s.IsNamed("Location")))
            {
                main = (directive, file);
            }
        }

        return own ?? main;
    }

    /// <summary><c>SSLProxyEngine on</c> written in the server that proxies (an <c>off</c> turned on): safe, a connection
    /// that could not be opened now is, with mod_ssl's own verification settings. Where mod_ssl is not loaded, advice.</summary>
    private static Fix EngineFix(ApacheInstance apache, ApacheSection? vhost, (FrontEnd FrontEnd, ApacheDirective Directive, ConfigFile File, IReadOnlyList<ApacheSection> Sections) first, (ApacheDirective Directive, ConfigFile File)? engine)
    {
        var loads = apache.Directives.Where(d => d.Directive.IsNamed("LoadModule")).ToList();
        if (loads.Count > 0 && !loads.Any(d => d.Directive.Args is [var module, ..] && module.Equals("ssl_module", StringComparison.OrdinalIgnoreCase)))
        {
            return new Fix("Enable mod_ssl (a2enmod ssl) and add 'SSLProxyEngine on' to this virtual host", Applicability.DisplayOnly, []);
        }

        if (engine is var (off, offFile) && off.Arguments.Count > 0)
        {
            return new Fix("Turn SSLProxyEngine on", Applicability.Safe, [Edits.ReplaceToken(offFile, off.Arguments[0], "on")]);
        }

        // Before the proxy directive, or before the section inside the virtual host that holds it.
        SyntaxNode anchor = first.Directive;
        var inside = vhost is null ? first.Sections.FirstOrDefault() : first.Sections.SkipWhile(s => !ReferenceEquals(s, vhost)).Skip(1).FirstOrDefault();
        if (inside is not null)
        {
            anchor = inside;
        }

        return ReferenceEquals(anchor.Tree, first.Directive.Tree)
            ? new Fix("Add 'SSLProxyEngine on' to this virtual host", Applicability.Safe, [Edits.InsertLinesBefore(first.File, anchor, ["SSLProxyEngine on"])])
            : new Fix("Add 'SSLProxyEngine on' to this virtual host", Applicability.DisplayOnly, []);
    }
}
