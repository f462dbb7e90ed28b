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
    Ajp,
    Other,
}

/// <summary>
/// A proxy directive and what it reaches: nginx's <c>fastcgi_pass</c>, <c>proxy_pass</c> and kin, Apache's
/// <c>ProxyPass</c>, <c>ProxyPassMatch</c>, <c>SetHandler "proxy:..."</c>, <c>RewriteRule ... [P]</c> with its
/// <c>BalancerMember</c>s, HAProxy's
/// <c>server</c> lines. Neutral about its daemon: what only one daemon has is in <see cref="Details"/>.
/// </summary>
/// <param name="Daemon">The daemon whose configuration holds it (<see cref="ConfigKind.Nginx"/>, <see cref="ConfigKind.Apache"/>).</param>
/// <param name="TargetToken">The argument that names the target (what a fix rewrites).</param>
public sealed record FrontEnd(ConfigKind Daemon, ConfigFile File, SyntaxNode Directive, string DirectiveName, SyntaxToken TargetToken, ProxyTarget Target, BackendProtocol Protocol, WebIdentity Web)
{
    /// <summary>The addresses it connects to: the target itself, or each server of its upstream.</summary>
    public IReadOnlyList<EndpointSite> Targets { get; init; } = [];

    /// <summary>What only its daemon knows (nginx: <see cref="Nginx.NginxPass"/>, HAProxy: <see cref="Haproxy.HaproxyPass"/>), or null.</summary>
    public FrontEndDetails? Details { get; init; }

    public override string ToString() => $"{DirectiveName} {Target.Text} ({File.DisplayPath}:{Directive.Position.Line})";
}
