using ConfLint.Host.Nginx;
using ConfLint.Syntax;
using ConfLint.Workspace;

namespace ConfLint.Host;

/// <summary>The protocol a front end speaks to its back end.</summary>
public enum BackendProtocol
{
    FastCgi,
    Http,
    Uwsgi,
    Scgi,
    Grpc,
    Other,
}

/// <summary>
/// A proxy directive of nginx or Apache and what it reaches: <c>fastcgi_pass</c>, <c>proxy_pass</c> and kin,
/// <c>ProxyPass</c>, <c>ProxyPassMatch</c>, <c>BalancerMember</c>, <c>SetHandler "proxy:..."</c>.
/// </summary>
public sealed class FrontEnd
{
    internal FrontEnd(string server, ConfigFile file, SyntaxNode directive, string directiveName, SyntaxToken targetToken, ProxyTarget target, BackendProtocol protocol, WebIdentity web)
    {
        Server = server;
        File = file;
        Directive = directive;
        DirectiveName = directiveName;
        TargetToken = targetToken;
        Target = target;
        Protocol = protocol;
        Web = web;
    }

    /// <summary><c>nginx</c> or <c>apache</c>.</summary>
    public string Server { get; }

    public ConfigFile File { get; }

    public SyntaxNode Directive { get; }

    public string DirectiveName { get; }

    /// <summary>The argument that names the target (what a fix rewrites).</summary>
    public SyntaxToken TargetToken { get; }

    public ProxyTarget Target { get; }

    public BackendProtocol Protocol { get; }

    public WebIdentity Web { get; }

    /// <summary>The nginx level the directive stands in, for effective settings.</summary>
    public NginxScope? Scope { get; internal init; }

    public NginxInstance? Nginx { get; internal init; }

    /// <summary>The <c>upstream</c> block (or Apache balancer) the target names, if any.</summary>
    public NginxUpstream? Upstream { get; internal init; }

    /// <summary>The addresses it connects to: the target itself, or each server of its upstream.</summary>
    public IReadOnlyList<EndpointSite> Targets { get; internal init; } = [];

    public override string ToString() => $"{DirectiveName} {Target.Text} ({File.DisplayPath}:{Directive.Position.Line})";
}
