namespace ConfLint.Host.Nginx;

/// <summary>The nginx part of a front end: the configuration it belongs to, the level its <c>*_pass</c> stands in
/// (for effective settings), and the <c>upstream</c> block the target names, if any.</summary>
public sealed class NginxPass(NginxInstance instance, NginxScope scope, NginxUpstream? upstream) : FrontEndDetails
{
    public NginxInstance Instance { get; } = instance;

    public NginxScope Scope { get; } = scope;

    public NginxUpstream? Upstream { get; } = upstream;
}
