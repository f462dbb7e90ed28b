namespace ConfLint.Workspace;

/// <summary>What dpkg's status file under a root says is installed.</summary>
internal static class DpkgStatus
{
    /// <summary>
    /// Each package whose <c>Status:</c> ends in <c>installed</c>, in the file's order, with its version without the
    /// epoch (<c>1:1.22.1-9</c> gives <c>1.22.1-9</c>). Nothing without a root (a repository has no package database).
    /// </summary>
    public static IEnumerable<(string Package, string Version)> Installed(RootedFileSystem fs)
    {
        if (fs.Root is null)
        {
            yield break;
        }

        string? package = null;
        var installed = false;
        foreach (var line in fs.ReadLines("/var/lib/dpkg/status"))
        {
            if (line.StartsWith("Package: ", StringComparison.Ordinal))
            {
                package = line[9..];
                installed = false;
            }
            else if (line.StartsWith("Status: ", StringComparison.Ordinal))
            {
                installed = line.EndsWith(" installed", StringComparison.Ordinal);
            }
            else if (line.StartsWith("Version: ", StringComparison.Ordinal) && installed && package is not null)
            {
                var version = line[9..];
                var colon = version.IndexOf(':', StringComparison.Ordinal);
                yield return (package, colon >= 0 ? version[(colon + 1)..] : version);
            }
        }
    }

    /// <summary>
    /// The <c>Status:</c> dpkg's status file gives a package (<c>install ok installed</c>, <c>deinstall ok
    /// config-files</c> for one removed but not purged), or null when the file does not list it (or there is no root).
    /// </summary>
    public static string? StatusOf(RootedFileSystem fs, string package)
    {
        if (fs.Root is null)
        {
            return null;
        }

        var current = false;
        foreach (var line in fs.ReadLines("/var/lib/dpkg/status"))
        {
            if (line.StartsWith("Package: ", StringComparison.Ordinal))
            {
                current = line[9..].Trim() == package;
            }
            else if (current && line.StartsWith("Status: ", StringComparison.Ordinal))
            {
                return line[8..].Trim();
            }
        }

        return null;
    }
}
