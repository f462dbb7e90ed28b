using ConfLint.Workspace;

namespace ConfLint.Configuration;

/// <summary>
/// Where <c>.conflint.yml</c> is, as ruff finds its settings: in the linted folder or the nearest folder above it,
/// up to the top of the repository (the nearest folder holding <c>.git</c>). Outside a repository the search climbs
/// no higher than <c>--root</c>, or without it the current folder; and never into a folder above the start that
/// anyone may write (<c>/tmp</c>, mode o+w), whose <c>.git</c> makes no repository either: a settings file planted in a
/// shared parent is never read, whatever the current folder (a CI job started in <c>/</c> or <c>/tmp</c>).
/// A folder at or below the current folder counts only when it is reached from there through no symbolic link (a
/// checkout's <c>hosts/evil</c> that links to <c>/</c> is no folder of the checkout, so neither its <c>.conflint.yml</c>,
/// its <c>.git</c> nor its <c>etc/</c> is looked at), except at or below a <c>--root</c> the user named.
/// </summary>
public static class ConfigLocator
{
    /// <summary>The nearest folder at or above <paramref name="folder"/> that holds <c>.git</c> (a folder, or a
    /// worktree's file), or null.</summary>
    public static string? RepositoryTop(string folder, string? workingDirectory = null, string? trusted = null)
    {
        folder = Path.TrimEndingDirectorySeparator(folder);
        for (var current = folder; !string.IsNullOrEmpty(current); current = Path.GetDirectoryName(current))
        {
            if (current != folder && IsShared(current))
            {
                break;
            }

            if (workingDirectory is not null && !IsOwnFolder(current, workingDirectory, trusted))
            {
                continue;
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
        return RepositoryTop(folder, cwd, rooted ? folder : null) ?? (!rooted && IsAtOrBelow(folder, cwd) ? cwd : folder);
    }

    /// <summary>A folder that users other than its owner may write (mode o+w, with or without the sticky bit: <c>/tmp</c>,
    /// <c>/var/tmp</c>, <c>/dev/shm</c>): what lies in it may be anyone's.</summary>
    public static bool IsShared(string folder) => PosixFiles.IsSharedFolder(folder);

    /// <summary>The folders from <paramref name="folder"/> up to <paramref name="limit"/> (both included), nearest first;
    /// with <paramref name="workingDirectory"/>, only those that are the current folder's own (<see cref="IsOwnFolder"/>).</summary>
    public static IEnumerable<string> Upward(string folder, string limit, string? workingDirectory = null, string? trusted = null) =>
        UpwardAll(folder, limit).Where(f => workingDirectory is null || IsOwnFolder(f, workingDirectory, trusted));

    /// <summary>
    /// Whether a folder belongs to the current folder's tree (<see cref="OwnFolder"/>): not one a link of the
    /// checkout leads to outside it (a pull request's <c>hosts/evil -&gt; /</c>).
    /// </summary>
    public static bool IsOwnFolder(string folder, string workingDirectory, string? trusted = null) => OwnFolder(folder, workingDirectory, trusted) is not null;

    /// <summary>
    /// The real folder a folder path stands for, or null when it is none of the current folder's own: itself for a
    /// folder outside the current folder (named by the user) or at or below <paramref name="trusted"/> (a <c>--root</c>,
    /// followed as named); below the current folder, the folder its links lead to when that lies in the current folder
    /// too (<c>hosts/prod -&gt; web1</c>), confirmed by opening it from the current folder through no symbolic link
    /// (<c>openat2</c> with <c>RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH</c>, as the tree's files are read); null when a
    /// link on the way leads out of the current folder, dangles, or it is not a folder.
    /// </summary>
    public static string? OwnFolder(string folder, string workingDirectory, string? trusted = null)
    {
        folder = Path.TrimEndingDirectorySeparator(folder);
        var cwd = Path.TrimEndingDirectorySeparator(workingDirectory);
        if (folder == cwd || !IsAtOrBelow(folder, cwd) || (trusted is not null && IsAtOrBelow(folder, Path.TrimEndingDirectorySeparator(trusted))) || !PosixFiles.IsSupported)
        {
            return folder;
        }

        if (new RootedFileSystem(null, null, cwd).Resolve(folder) is not { } real || real == cwd || !IsAtOrBelow(real, cwd))
        {
            return null;
        }

        using var top = PosixFiles.OpenFolder(cwd);
        if (top is null)
        {
            return null;
        }

        var fd = PosixFiles.OpenBeneath(top, Path.GetRelativePath(cwd, real), PosixFiles.PathOnly | PosixFiles.DirectoryOnly | PosixFiles.CloseOnExec, 0, out _);
        if (fd < 0)
        {
            return null;
        }

        using var handle = new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: true);
        return PosixFiles.FStat(handle).Type == FileType.Directory ? real : null;
    }

    private static IEnumerable<string> UpwardAll(string folder, string limit)
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

    /// <summary>The nearest <c>.conflint.yml</c> from <paramref name="folder"/> up to the limit, or null; with the folder
    /// it is to be opened from (<see cref="ConfigLoader.LoadFound"/>), so that no link is followed on the way to it.</summary>
    public static ConfigLocation? Find(string folder, string workingDirectory, bool rooted = false)
    {
        folder = Path.TrimEndingDirectorySeparator(folder);
        var cwd = Path.TrimEndingDirectorySeparator(workingDirectory);
        var trusted = rooted ? folder : null;
        foreach (var candidate in UpwardAll(folder, Limit(folder, workingDirectory, rooted)))
        {
            if (OwnFolder(candidate, cwd, trusted) is not { } real)
            {
                continue;
            }

            var path = Path.Combine(real, ConfigLoader.FileName);
            if (PosixFiles.Lstat(path).Exists)
            {
                var anchor = trusted is not null && IsAtOrBelow(candidate, trusted) ? trusted : IsAtOrBelow(real, cwd) ? cwd : real;
                return new ConfigLocation(Path.Combine(candidate, ConfigLoader.FileName), anchor, Path.GetRelativePath(anchor, path));
            }
        }

        return null;
    }

    public static bool IsAtOrBelow(string path, string folder) =>
        folder == "/" || path == folder || path.StartsWith(folder + "/", StringComparison.Ordinal);
}

/// <summary>A settings file found by <see cref="ConfigLocator.Find"/> (its path as found, for messages), the folder it
/// is opened from, and its path from there through no link.</summary>
public sealed record ConfigLocation(string Path, string Anchor, string Relative);
