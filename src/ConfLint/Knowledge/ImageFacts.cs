namespace ConfLint.Knowledge;

/// <summary>What a container has from its official image alone (<c>data/images/images.txt</c>).</summary>
/// <param name="Image">The image as written in the Compose file, for messages.</param>
/// <param name="Server">The daemon its default command runs (<c>php-fpm</c>, <c>nginx</c>, <c>apache</c>), or null.</param>
/// <param name="Listen">Where that daemon listens by default: the host (empty for every address) and port.</param>
/// <param name="ListenSetBy">The container paths of the files (or folders) that set <paramref name="Listen"/>.</param>
/// <param name="ListenPool">PHP-FPM: the pool those files give its <c>listen</c>.</param>
/// <param name="User">Who the daemon's workers run as, or null.</param>
/// <param name="Config">The daemon's main configuration file, or null.</param>
/// <param name="Include">The glob of the files the main file includes, or null.</param>
/// <param name="CommandOnly">A base image: nothing listens but what the service's command runs.</param>
public sealed record ImageFacts(
    string Image,
    string? Server,
    IReadOnlyList<(string Host, int Port)> Listen,
    IReadOnlyList<string> ListenSetBy,
    string? ListenPool,
    string? User,
    string? Config,
    string? Include,
    bool CommandOnly)
{
    /// <summary>What the image's default command serves on each container port it names (<c>serves</c> lines): Portainer's
    /// plain HTTP on 9000, HTTPS only on 9443, its Edge agents' tunnel on 8000.</summary>
    public IReadOnlyList<ImagePort> Serves { get; init; } = [];

    /// <summary>The command options that move or change what <see cref="Serves"/> says (<c>serves-set-by</c>): a service
    /// whose command holds one of them, or that replaces the entrypoint, leaves the ports unknown.</summary>
    public IReadOnlyList<string> ServesSetBy { get; init; } = [];

    /// <summary>Whether the image's ENTRYPOINT ends by running the command it is given (<c>command-runs</c>: a script
    /// ending in <c>exec "$@"</c>), so that a service's <c>command</c> is the program its container runs.</summary>
    public bool CommandRuns { get; init; }

    /// <summary>Files of the image a configuration includes that define nothing another file looks up (<c>no-definitions</c>:
    /// the nginx images' <c>/etc/nginx/mime.types</c>, one <c>types</c> block): an include of one, not read, hides no
    /// upstream, map or server.</summary>
    public IReadOnlyList<string> NoDefinitions { get; init; } = [];

    /// <summary>For an image a Compose service builds: the Dockerfile and line of the <c>FROM</c> that names <see cref="Image"/>
    /// (the facts hold because the Dockerfile keeps what they depend on); null for an image the service names.</summary>
    public string? BuiltAt { get; init; }

    /// <summary>For messages: "the php:8.3-fpm image's default", and for a built image "..., which app/Dockerfile:1 builds FROM".</summary>
    public string DefaultText => BuiltAt is { } at ? $"the {Image} image's default, which {at} builds FROM" : $"the {Image} image's default";

    /// <summary>The files the image itself has in the folder of <see cref="Include"/> (<c>include-files</c>): a mount or a
    /// rendered template that replaces each of them leaves no file of the image there. Empty where the table does not say.</summary>
    public IReadOnlyList<string> IncludeFiles { get; init; } = [];

    /// <summary>The templates the image's entrypoint renders before the server starts (<c>templates</c>), or null.</summary>
    public ImageTemplates? Templates { get; init; }

    /// <summary>What the image serves on <paramref name="containerPort"/>, or null where no line says.</summary>
    public ImagePort? ServedOn(int containerPort)
    {
        foreach (var port in Serves)
        {
            if (port.Port == containerPort)
            {
                return port;
            }
        }

        return null;
    }

    /// <summary>The folder of <see cref="Include"/> (<c>/usr/local/etc/php-fpm.d</c>), or null.</summary>
    public string? IncludeFolder => Include is { } glob && glob.LastIndexOf('/') is > 0 and var slash ? glob[..slash] : null;

    /// <summary>Whether a bind mount at <paramref name="target"/> replaces what the image says of where it listens: the target
    /// is a file that sets it, the main file, a folder above one of them, or a path inside one of them.</summary>
    public bool MountReplacesListen(string target)
    {
        var mount = target.TrimEnd('/');
        foreach (var path in ListenSetBy.Append(Config).OfType<string>())
        {
            if (mount == path || path.StartsWith(mount + "/", StringComparison.Ordinal) || mount.StartsWith(path + "/", StringComparison.Ordinal) || mount.Length == 0)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>What an image's default command serves on one container port.</summary>
/// <param name="Protocol"><c>http</c> (plain HTTP), <c>https</c> (HTTP over TLS only) or <c>other</c> (no web server's: a
/// tunnel, a database).</param>
/// <param name="Note">What the port is, for messages ("the Edge agents' tunnel server"), or null.</param>
public sealed record ImagePort(int Port, string Protocol, string? Note)
{
    /// <summary>Whether an HTTP front end gets answers there (plain or over TLS).</summary>
    public bool Http => Protocol is "http" or "https";

    /// <summary>For messages: "HTTPS only", "plain HTTP", or the note.</summary>
    public string Describe() => Protocol switch
    {
        "https" => "HTTPS only",
        "http" => "plain HTTP",
        _ => Note ?? "no HTTP",
    } + (Note is { } note && Protocol is "http" or "https" ? $" ({note})" : string.Empty);
}

/// <summary>What an image's entrypoint renders at the container's start (the nginx images' <c>20-envsubst-on-templates.sh</c>):
/// each file under <paramref name="Folder"/> whose name ends in <paramref name="Suffix"/>, written to
/// <paramref name="Output"/> (its path below the folder, the suffix removed). The defaults, which the service's environment
/// may change.</summary>
public sealed record ImageTemplates(string Folder, string Suffix, string Output);
