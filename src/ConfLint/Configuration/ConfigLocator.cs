using ConfLint.Workspace;

namespace ConfLint.Configuration;

/// <summary>
/// Where <c>.conflint.yml</c> is, as ruff finds its settings: in the linted folder or the nearest folder above it,
/// up to the top of the repository (the nearest folder holding <c>.git</c>). Outside a repository the search climbs
/// no higher than the current folder, so a settings file planted in a shared parent (<c>/tmp</c>) is never read.
/// </summary>
public static class ConfigLocator
{
    /// <summary>The nearest folder at or above <paramref name="folder"/> that holds <c>.git</c> (a folder, or a
    /// worktree's file), or null.</summary>
    public static string? RepositoryTop(string folder)
    {
        for (var current = Path.TrimEndingDirectorySeparator(folder); !string.IsNullOrEmpty(current); current = Path.GetDirectoryName(current))
        {
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

    /// <summary>How high a search from <paramref name="folder"/> may climb: the repository's top, else the working
    /// folder when the folder lies in it, else the folder itself.</summary>
    public static string Limit(string folder, string workingDirectory)
    {
        folder = Path.TrimEndingDirectorySeparator(folder);
        var cwd = Path.TrimEndingDirectorySeparator(workingDirectory);
        return RepositoryTop(folder) ?? (IsAtOrBelow(folder, cwd) ? cwd : folder);
    }

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
            yield return current;
            if (current == limit)
            {
                yield break;
            }
        }
    }

    /// <summary>The nearest <c>.conflint.yml</c> from <paramref name="folder"/> up to the limit, or null.</summary>
    public static string? Find(string folder, string workingDirectory)
    {
        foreach (var candidate in Upward(folder, Limit(folder, workingDirectory)))
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
