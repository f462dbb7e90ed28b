namespace ConfLint.Host.Nginx;

/// <summary>The nginx part of a front end: the configuration it belongs to, the level its <c>*_pass</c> stands in
/// (for effective settings), and the <c>upstream</c> block the target names, if any.</summary>
public sealed record NginxPass(NginxInstance Instance, NginxScope Scope, NginxUpstream? Upstream) : FrontEndDetails;
