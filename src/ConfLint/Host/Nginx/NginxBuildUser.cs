using ConfLint.Workspace;

namespace ConfLint.Host.Nginx;

/// <summary>
/// The worker user a distribution's nginx package is built with (<c>configure --user</c>), which nginx takes when its
/// configuration has no <c>user</c> directive: Arch Linux's is <c>http</c> (its nginx.conf ships <c>#user http;</c>
/// commented out), Fedora's, RHEL's and its rebuilds', and Alpine's are <c>nginx</c>; Debian's and Ubuntu's pass none,
/// so nginx's own default, <c>nobody</c>, stands. The distribution is the one the root's <c>/etc/os-release</c> names
/// (<c>ID</c>, then <c>ID_LIKE</c>); without a root, or without that file, it is unknown.
/// </summary>
internal static class NginxBuildUser
{
    private static readonly (string Id, string User)[] Packages =
    [
        ("arch", "http"),
        ("fedora", "nginx"),
        ("rhel", "nginx"),
        ("centos", "nginx"),
        ("rocky", "nginx"),
        ("almalinux", "nginx"),
        ("alpine", "nginx"),
    ];

    /// <summary>Whether the root names its distribution (<c>/etc/os-release</c> with an <c>ID</c>): a live server or an image's
    /// tree does; a repository's configuration folder does not, and then nginx's build, and its default user, are unknown.</summary>
    public static bool DistributionShown(RootedFileSystem fs) =>
        fs.Root is not null && fs.ReadLines("/etc/os-release").Any(l => l.StartsWith("ID=", StringComparison.Ordinal));

    /// <summary>The user, and the distribution it comes from; null when the root does not show one of these.</summary>
    public static (string User, string Distribution)? Of(RootedFileSystem fs)
    {
        if (fs.Root is null)
        {
            return null;
        }

        string? id = null;
        string? like = null;
        foreach (var line in fs.ReadLines("/etc/os-release"))
        {
            if (line.StartsWith("ID=", StringComparison.Ordinal))
            {
                id = line[3..].Trim().Trim('"', '\'');
            }
            else if (line.StartsWith("ID_LIKE=", StringComparison.Ordinal))
            {
                like = line[8..].Trim().Trim('"', '\'');
            }
        }

        foreach (var candidate in new[] { id }.Concat(like?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? []))
        {
            foreach (var (known, user) in Packages)
            {
                if (string.Equals(candidate, known, StringComparison.Ordinal))
                {
                    return (user, id ?? known);
                }
            }
        }

        return null;
    }
}
