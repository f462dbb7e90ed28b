namespace ConfLint.Workspace.Compose;

/// <summary>
/// One entry of a service's <c>ports</c>: the container port (<see cref="Target"/>), and where Docker publishes it on
/// the host: <see cref="HostIp"/> (empty for every address) and <see cref="Published"/> (null when Docker picks an
/// ephemeral port, as for <c>"8000"</c> alone). Ranges are expanded, one entry per port.
/// </summary>
public sealed record ComposePort(string HostIp, int? Published, int Target, string Protocol, ComposeNode At);

/// <summary>One port of <c>expose</c>: reachable from other containers, never from the host.</summary>
public sealed record ComposeExpose(int Port, string Protocol, ComposeNode At);

/// <summary>
/// One entry of a service's <c>volumes</c> (or a <c>configs</c>/<c>secrets</c> file): a bind mount of a host file or
/// folder (<see cref="Source"/> as written, relative to the project folder), a named or anonymous volume, or a tmpfs.
/// </summary>
public sealed record ComposeVolume(string Type, string? Source, string Target, bool ReadOnly, ComposeNode At)
{
    public bool IsBind => Type == "bind";
}

/// <summary>A network a service joins, with the aliases it answers to there.</summary>
public sealed record ComposeNetwork(string Name, IReadOnlyList<string> Aliases);
