using ConfLint.Workspace;

namespace ConfLint.Configuration;

/// <summary>
/// Where <c>.conflint.yml</c> is, as ruff finds its settings: in the linted folder or the nearest folder above it,
/// up to the top of the repository (the nearest folder holding <c>.git</c>). Outside a repository the search climbs
/// no higher than <c>--root</c>, or without it the current folder; and never into a folder above the start that
/// anyone may write (<c>/tmp</c>, mode o+w), whose <c>.git</c> makes no repository either: a settings file planted in a
/// shared parent is never read, whatever the current folder (a CI job started in <c>/</c> or <c>/tmp</c>).
/// </summary>
public static class ConfigLocator
{
    /// <summary>The nearest folder at or above <paramref name="folder"/> that holds <c>.git</c> (a folder, or a
    /// worktree's file), or null.</summary>
    public static string? RepositoryTop(string folder)
    {
        folder = Path.TrimEndingDirectorySeparator(folder);
        for (var current = folder; !string.IsNullOrEmpty(current); current = Path.GetDirectoryName(current))
        {
            if (current != folder && IsShared(current))
            {
                break;
            }

            if (PosixFiles.Lstat(Path.Combine(current, ".git")).Type is FileType.Directory or FileType.Regular)
            {
                return current;
            }

            if (current == "/")
            {
                break;
            }
        }

        return null;
    }

    /// <summary>How high a search from <paramref name="folder"/> may climb: the repository's top, else (not for
    /// <c>--root</c>, <paramref name="rooted"/>) the working folder when the folder lies in it, else the folder itself.
    /// <see cref="Upward"/> stops below a shared folder on the way.</summary>
    public static string Limit(string folder, string workingDirectory, bool rooted = false)
    {
        folder = Path.TrimEndingDirectorySeparator(folder);
        var cwd = Path.TrimEndingDirectorySeparator(workingDirectory);
        return RepositoryTop(folder) ?? (!rooted && IsAtOrBelow(folder, cwd) ? cwd : folder);
    }

    /// <summary>A folder that users other than its owner may write (mode o+w, with or without the sticky bit: <c>/tmp</c>,
    /// <c>/var/tmp</c>, <c>/dev/shm</c>): what lies in it may be anyone's.</summary>
    public static bool IsShared(string folder) => PosixFiles.IsSharedFolder(folder);

    /// <summary>The folders from <paramref name="folder"/> up to <paramref name="limit"/> (both included), nearest first.</summary>
    public static IEnumerable<string> Upward(string folder, string limit)
    {
        folder = Path.TrimEndingDirectorySeparator(folder);
        limit = Path.TrimEndingDirectorySeparator(limit);
        if (!IsAtOrBelow(folder, limit))
        {
            yield return folder;
            yield break;
        }

        for (var current = folder; current is not null; current = Path.GetDirectoryName(current))
        {
            if (current != folder && IsShared(current))
            {
                yield break;
            }

            yield return current;
            if (current == limit)
            {
                yield break;
            }
        }
    }

    /// <summary>The nearest <c>.conflint.yml</c> from <paramref name="folder"/> up to the limit, or null.</summary>
    public static string? Find(string folder, string workingDirectory, bool rooted = false)
    {
        foreach (var candidate in Upward(folder, Limit(folder, workingDirectory, rooted)))
        {
            var path = Path.Combine(candidate, ConfigLoader.FileName);
            if (PosixFiles.Lstat(path).Exists)
            {
                return path;
            }
        }

        return null;
    }

    public static bool IsAtOrBelow(string path, string folder) =>
        folder == "/" || path == folder || path.StartsWith(folder + "/", StringComparison.Ordinal);
}
