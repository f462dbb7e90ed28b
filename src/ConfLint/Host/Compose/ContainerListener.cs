using ConfLint.Diagnostics;
using ConfLint.Workspace.Compose;

namespace ConfLint.Host.Compose;

/// <summary>An address a service's container listens on, and the evidence: the command word that says it, a mounted file's
/// line (a PHP-FPM pool's <c>listen</c>, a Tomcat connector), or the image's default.</summary>
/// <param name="Host">The address inside the container: empty for every address.</param>
/// <param name="Word">The command word that sets it, or null for a default or a file.</param>
public sealed record ContainerListener(string Host, int Port, ComposeWord? Word, string How)
{
    /// <summary>Where a mounted file of the repository sets it (a PHP-FPM pool's <c>listen</c>), when it is not a command word.</summary>
    public Location? At { get; init; }

    /// <summary>The token of a mounted file that writes <see cref="Host"/> (a Tomcat connector's <c>address</c> value), which
    /// a fix may rewrite; null where the address is a command word's or a default.</summary>
    public (ConfLint.Workspace.ConfigFile File, ConfLint.Syntax.SyntaxToken Token)? HostSetting { get; init; }

    /// <summary>Whether other containers reach it (not only the container's own loopback).</summary>
    public bool Reachable => !(Host == "localhost" || Host == "::1" || Host.StartsWith("127.", StringComparison.Ordinal));
}
