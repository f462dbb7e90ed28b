using ConfLint.Syntax;
using ConfLint.Syntax.Apache;
using ConfLint.Workspace;

namespace ConfLint.Host.Apache;

/// <summary>The Apache part of a front end: the configuration it belongs to, the <c>&lt;VirtualHost&gt;</c> it stands in
/// (null: the main server), and the balancers it can name. mod_proxy keeps balancers per server: a virtual host sees its
/// own and the main server's (merged in), never another virtual host's (httpd 2.4 answers those with 503, 'No workers in
/// balancer').</summary>
/// <param name="Balancers">The balancers defined where this front end sees them, by their whole name (<c>balancer://NAME</c>,
/// compared without case as mod_proxy does).</param>
/// <param name="Elsewhere">The balancers defined only in other virtual hosts.</param>
public sealed record ApachePass(ApacheInstance Instance, ApacheSection? VirtualHost, IReadOnlyDictionary<string, ApacheBalancer> Balancers, IReadOnlyDictionary<string, ApacheBalancer> Elsewhere) : FrontEndDetails;

/// <summary>A balancer's definition: a <c>&lt;Proxy "balancer://NAME"&gt;</c> section's argument, or the balancer argument
/// of a <c>BalancerMember</c> written outside one.</summary>
public sealed record ApacheBalancer(string Name, ConfigFile File, SyntaxToken Token, ApacheSection? VirtualHost);
