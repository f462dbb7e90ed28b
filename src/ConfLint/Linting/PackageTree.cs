using ConfLint.Syntax;

namespace ConfLint.Linting;

/// <summary>
/// The trees a package manager owns, where an edit does not last: <c>/usr</c> (less <c>/usr/local</c>, the
/// administrator's, FHS 4.9) and <c>/lib</c> (<c>/usr/lib</c> on a merged-/usr system). Debian Policy 10.7.2 keeps
/// configuration files (conffiles, which dpkg merges on upgrade) in <c>/etc</c>; any other file a package installs is
/// replaced by the package's next upgrade without a word (dpkg(1): only conffiles are asked about), and a
/// <c>path-exclude</c> in <c>/etc/dpkg/dpkg.cfg.d</c> (minimal and container images leave out <c>/usr/share/doc</c>)
/// removes it. An nginx that includes <c>/usr/share/doc/zoneminder/examples/nginx.conf</c>, as zoneminder's
/// README.Debian says, loses an edit there at the next upgrade and the 502 comes back. systemd reads
/// <c>/usr/lib/systemd/system</c> as the packages' units and takes a local change from a drop-in under
/// <c>/etc/systemd/system/NAME.d</c> (systemd.unit(5)). <c>/opt</c> is not such a tree: an add-on package's files there
/// are often the administrator's to edit (FHS 3.13). A path outside a root is the host's own, so the same test holds.
/// </summary>
public static class PackageTree
{
    /// <summary>Whether <paramref name="path"/> (a server path) lies in a tree a package manager owns.</summary>
    public static bool Holds(string path) =>
        (path.StartsWith("/usr/", StringComparison.Ordinal) && !path.StartsWith("/usr/local/", StringComparison.Ordinal))
        || path.StartsWith("/lib/", StringComparison.Ordinal)
        || path.StartsWith("/lib64/", StringComparison.Ordinal);

    /// <summary>Why an edit of <paramref name="path"/> does not last, for a message: the package's next upgrade puts the
    /// file back (and, under <c>/usr/share/doc</c>, a dpkg <c>path-exclude</c> removes it).</summary>
    public static string Why(string path, string display)
    {
        var tree = path.StartsWith("/usr/", StringComparison.Ordinal) ? "/usr" : path[..path.IndexOf('/', 1)];
        var excluded = path.StartsWith("/usr/share/doc/", StringComparison.Ordinal) ? ", and a dpkg path-exclude of /usr/share/doc (minimal images) removes it" : string.Empty;
        return $"{display} is a package's file ({tree}, not /etc): the package's next upgrade puts it back{excluded}";
    }

    /// <summary>Where the lasting change goes instead, as advice, for a file of <paramref name="kind"/> at
    /// <paramref name="path"/>: a drop-in for a systemd unit (<c>systemctl edit NAME</c>), else a copy in the daemon's
    /// configuration folder (<paramref name="configFolder"/> where known and not itself a package's) included or used in
    /// the file's place.</summary>
    public static string Where(ConfigKind? kind, string path, string? configFolder)
    {
        if (kind == ConfigKind.Systemd)
        {
            var unit = UnitOf(path);
            return $"make the change in a drop-in, /etc/systemd/system/{unit}.d/override.conf (systemctl edit {unit}), which the package leaves alone";
        }

        var folder = configFolder is { Length: > 1 } && !Holds(configFolder.TrimEnd('/') + "/")
            ? configFolder.TrimEnd('/')
            : kind switch
            {
                ConfigKind.Nginx => "/etc/nginx",
                ConfigKind.Apache => "/etc/apache2 (/etc/httpd)",
                ConfigKind.PhpFpm => "the pool folder under /etc that php-fpm includes",
                _ => "/etc",
            };
        var use = kind is ConfigKind.Nginx or ConfigKind.Apache ? "include the copy in its place" : "use the copy in its place";
        return $"copy it under {folder}, {use} and make the change there";
    }

    /// <summary>The unit a file configures: its name, or the unit of the <c>NAME.d</c> folder a drop-in is in.</summary>
    private static string UnitOf(string path)
    {
        var folder = Path.GetFileName(Path.GetDirectoryName(path) ?? string.Empty);
        return folder.EndsWith(".d", StringComparison.Ordinal) && path.EndsWith(".conf", StringComparison.Ordinal)
            ? folder[..^2]
            : Path.GetFileName(path);
    }
}
