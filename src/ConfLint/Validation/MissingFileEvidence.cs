using ConfLint.Workspace;

namespace ConfLint.Validation;

/// <summary>
/// When the absence of a file a daemon opens at start (a certificate, a key, DH parameters) is proven by the tree.
/// Repositories keep such files out (they are secrets, or generated on the server), and leave their folders out or
/// half empty, so a missing file is judged only where its folder is under the root and holds files of its kind (the
/// same extension) or a file whose name is a slip of its name: then the tree keeps these files and the name is wrong. A
/// folder that is a slip of one beside it in the tree is missing too (<see cref="Slip"/>). Otherwise it is not judged.
/// </summary>
internal static class MissingFileEvidence
{
    /// <summary>Why the absence of <paramref name="path"/> cannot be judged, or null when it is proven.</summary>
    public static string? Unproven(RootedFileSystem fileSystem, string path)
    {
        var folder = Path.GetDirectoryName(path);
        if (folder is null || !fileSystem.DirectoryExists(folder))
        {
            return Slip(fileSystem, path) is null ? "its folder is not in the root (certificates are often kept out of a repository)" : null;
        }

        var extension = Path.GetExtension(path);
        var siblings = extension.Length > 1 && fileSystem.EnumerateEntries(folder).Any(entry =>
            entry.EndsWith(extension, StringComparison.Ordinal) && fileSystem.FileExists(entry));
        return siblings || Slip(fileSystem, path) is not null ? null
            : $"its folder holds no other {extension} file (such files are often kept out of a repository)";
    }

    /// <summary>
    /// The file <paramref name="path"/> was meant to name, where its folders are those of the tree but for their case
    /// (/ETC/NGINX/SSL/SITE.KEY) or one of them is a slip of a folder beside it (one letter added, lost, changed or two
    /// swapped: /etc/xnginx/ssl/site.key), and the path so read is a file the tree holds. The folder the path names then
    /// surely does not exist, on the tree's machine as in the tree (its file system tells case apart). Null otherwise.
    /// </summary>
    public static string? Slip(RootedFileSystem fileSystem, string path)
    {
        var current = string.Empty;
        var changed = false;
        var slipUsed = false;
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var next = current + "/" + part;
            if (fileSystem.EntryTypeOf(next) != FileType.Missing)
            {
                current = next;
                continue;
            }

            var folder = current.Length == 0 ? "/" : current;
            if (!fileSystem.DirectoryExists(folder) || Meant(fileSystem, folder, part, ref slipUsed) is not { } meant)
            {
                return null;
            }

            current = meant;
            changed = true;
        }

        return changed && fileSystem.FileExists(current) ? current : null;
    }

    /// <summary>The entry of <paramref name="folder"/> that <paramref name="name"/> stands for: the same name without
    /// case, else (once a path) one a slip away.</summary>
    private static string? Meant(RootedFileSystem fileSystem, string folder, string name, ref bool slipUsed)
    {
        var entries = fileSystem.EnumerateEntries(folder);
        foreach (var entry in entries)
        {
            if (Path.GetFileName(entry).Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return entry;
            }
        }

        if (slipUsed)
        {
            return null;
        }

        slipUsed = true;
        foreach (var entry in entries)
        {
            var sibling = Path.GetFileName(entry);
            if (Knowledge.Suggestions.IsSlip(name, sibling))
            {
                return entry;
            }
        }

        return null;
    }
}
