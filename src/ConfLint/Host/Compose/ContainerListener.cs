using ConfLint.Workspace.Compose;

namespace ConfLint.Host.Compose;

/// <summary>An address a service's container listens on, and the evidence: the command word that says it, or the image's default.</summary>
/// <param name="Host">The address inside the container: empty for every address.</param>
/// <param name="Word">The command word that sets it, or null for a default.</param>
public sealed record ContainerListener(string Host, int Port, ComposeWord? Word, string How)
{
    /// <summary>Whether other containers reach it (not only the container's own loopback).</summary>
    public bool Reachable => !(Host == "localhost" || Host == "::1" || Host.StartsWith("127.", StringComparison.Ordinal));
}
