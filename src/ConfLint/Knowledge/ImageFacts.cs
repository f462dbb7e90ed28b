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
