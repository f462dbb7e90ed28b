using ConfLint.Syntax.Haproxy;
using ConfLint.Workspace;

namespace ConfLint.Host.Haproxy;

/// <summary>The HAProxy part of a front end (one per <c>server</c> line): the instance, the backend (or listen) proxy
/// that holds the server, the server, and the lines of frontends that send traffic to that backend.</summary>
public sealed record HaproxyPass(HaproxyInstance Instance, HaproxyProxy Proxy, HaproxyServer Server) : FrontEndDetails
{
    /// <summary>The <c>use_backend</c> and <c>default_backend</c> lines that name the backend (a listen section routes to itself).</summary>
    public IReadOnlyList<(HaproxyLine Line, ConfigFile File)> Routes { get; init; } = [];

    /// <summary>Why no address is given to the rules, when none is: a socket inside a chroot, a variable, no port.</summary>
    public string? NotJudged { get; init; }

    /// <summary>Where a chrooted HAProxy looks for the server's Unix socket: the chroot folder joined with the socket's
    /// path (it connects after <c>chroot()</c>); null for any other server.</summary>
    public string? ChrootedSocket { get; init; }
}
