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

    /// <summary>For a named volume on a daemon's folder: the volume's name as Docker knows it (<c>my_geonode-nginxconfd</c>),
    /// once <see cref="ComposeDiscovery"/> has resolved it; null otherwise.</summary>
    public string? VolumeName { get; internal set; }

    /// <summary>For a named volume whose files the root holds: its data folder (a server path,
    /// <c>/var/lib/docker/volumes/NAME/_data</c>), read as the folder it is mounted on, the way a bind mount's source is.</summary>
    public string? DataPath { get; internal set; }

    /// <summary>Where the mount's files are read from on the server: a bind mount's source, or a named volume's data
    /// folder when the root holds it (<see cref="DataPath"/>); null when they are not read (an image's, a tmpfs, a volume
    /// not in the root).</summary>
    public string? HostSource(string folder) => IsBind ? ComposeProject.SourcePath(Source, folder) : DataPath;
}

/// <summary>A volume of the top-level <c>volumes</c> mapping, merged over the project's files: its <c>name</c> as written
/// (null when unset), whether it is <c>external</c>, and whether a <c>driver</c> other than <c>local</c> or
/// <c>driver_opts</c> put its files somewhere else than Docker's data folder.</summary>
public sealed record ComposeVolumeDeclaration(string? Name, bool External, bool OtherStorage);

/// <summary>A network a service joins, with the aliases it answers to there.</summary>
public sealed record ComposeNetwork(string Name, IReadOnlyList<string> Aliases);
