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
/// A proxy directive and what it reaches: nginx's <c>fastcgi_pass</c>, <c>proxy_pass</c> and kin, Apache's
/// <c>ProxyPass</c>, <c>ProxyPassMatch</c>, <c>SetHandler "proxy:..."</c> with its <c>BalancerMember</c>s. Neutral about
/// its daemon: what only one daemon has is in <see cref="Details"/>.
/// </summary>
public sealed class FrontEnd
{
    internal FrontEnd(ConfigKind daemon, ConfigFile file, SyntaxNode directive, string directiveName, SyntaxToken targetToken, ProxyTarget target, BackendProtocol protocol, WebIdentity web)
    {
        Daemon = daemon;
        File = file;
        Directive = directive;
        DirectiveName = directiveName;
        TargetToken = targetToken;
        Target = target;
        Protocol = protocol;
        Web = web;
    }

    /// <summary>The daemon whose configuration holds it (<see cref="ConfigKind.Nginx"/>, <see cref="ConfigKind.Apache"/>).</summary>
    public ConfigKind Daemon { get; }

    public ConfigFile File { get; }

    public SyntaxNode Directive { get; }

    public string DirectiveName { get; }

    /// <summary>The argument that names the target (what a fix rewrites).</summary>
    public SyntaxToken TargetToken { get; }

    public ProxyTarget Target { get; }

    public BackendProtocol Protocol { get; }

    public WebIdentity Web { get; }

    /// <summary>The addresses it connects to: the target itself, or each server of its upstream.</summary>
    public IReadOnlyList<EndpointSite> Targets { get; internal init; } = [];

    /// <summary>What only its daemon knows (nginx: <see cref="Nginx.NginxPass"/>), or null.</summary>
    public FrontEndDetails? Details { get; internal init; }

    public override string ToString() => $"{DirectiveName} {Target.Text} ({File.DisplayPath}:{Directive.Position.Line})";
}
