using ConfLint.Workspace;

namespace ConfLint.Configuration;

/// <summary>
/// The server tree a named file or folder belongs to: the nearest folder at or above it (up to the repository's top,
/// or the current folder outside a repository) whose <c>etc/</c> holds nginx, Apache, PHP-FPM or systemd
/// configuration. Such a file is linted with its whole host, as <c>--root</c> would lint it. The machine's own
/// <c>/</c> is never found so: it is linted as a tree only with <c>--root /</c>.
/// </summary>
public static class ServerTrees
{
    private static readonly string[] Markers =
    [
        "etc/nginx", "etc/apache2", "etc/httpd", "etc/php", "etc/php-fpm.d", "etc/php-fpm.conf", "etc/systemd/system",
    ];

    /// <summary>The tree's folder (a host path), or null when the path lies in none.</summary>
    public static string? Containing(string hostPath, string workingDirectory)
    {
        var start = PosixFiles.Lstat(hostPath).Type == FileType.Directory ? hostPath : Path.GetDirectoryName(hostPath) ?? "/";
        // Only folders of the current folder's own (reached through no link): a checkout's hosts/evil linking to / is no tree.
        foreach (var folder in ConfigLocator.Upward(start, ConfigLocator.Limit(start, workingDirectory), workingDirectory))
        {
            // This machine's own / is a tree only when named (--root /): from a job started in / (a container's
            // WORKDIR), a checkout's file outside any tree was linted as part of the machine, its includes read there.
            if (folder != "/" && IsServerTree(folder))
            {
                return folder;
            }
        }

        return null;
    }

    /// <summary>A folder that stands for a server's <c>/</c>: its <c>etc</c> is a real folder (not a link) holding a daemon's configuration.</summary>
    public static bool IsServerTree(string folder)
    {
        if (PosixFiles.Lstat(Path.Combine(folder, "etc")).Type != FileType.Directory)
        {
            return false;
        }

        foreach (var marker in Markers)
        {
            if (PosixFiles.Lstat(Path.Combine(folder, marker)).Type is FileType.Directory or FileType.Regular)
            {
                return true;
            }
        }

        return false;
    }
}
