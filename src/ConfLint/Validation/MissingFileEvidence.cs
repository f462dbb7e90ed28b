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
            return Slip(fileSystem, path) is null ? "its folder is not under the root (certificates are often kept out of a repository)" : null;
        }

        var extension = Path.GetExtension(path);
        var siblings = extension.Length > 1 && fileSystem.EnumerateEntries(folder).Any(entry =>
            entry.EndsWith(extension, StringComparison.Ordinal) && fileSystem.FileExists(entry));
        return siblings || NameSlip(fileSystem, folder, Path.GetFileName(path)) is not null ? null
            : $"its folder holds no other {extension} file (such files are often kept out of a repository)";
    }

    /// <summary>A file beside the missing one whose name is a one-letter slip of its name (site.xkey beside site.key): the
    /// tree keeps the file, under another name. Null where there is none.</summary>
    private static string? NameSlip(RootedFileSystem fileSystem, string folder, string name)
    {
        foreach (var entry in fileSystem.EnumerateEntries(folder))
        {
            var sibling = Path.GetFileName(entry);
            if (Math.Abs(sibling.Length - name.Length) <= 1 && sibling != name && Knowledge.Suggestions.Distance(name, sibling, limit: 1) <= 1 && fileSystem.FileExists(entry))
            {
                return entry;
            }
        }

        return null;
    }

    /// <summary>
    /// The file <paramref name="path"/> was meant to name, where one folder of it is a slip of a folder beside it in the
    /// tree (one letter added, lost, changed or two swapped: /etc/xnginx/ssl/site.key, /etc/apache2/sslx/site.key) and the
    /// path through that folder is a file the tree holds. The folder the path names then surely does not exist, on the
    /// tree's machine as in the tree. Null otherwise.
    /// </summary>
    public static string? Slip(RootedFileSystem fileSystem, string path)
    {
        // The nearest folder of the path that the tree holds, and the first name under it that it does not.
        var missing = path;
        var parent = Path.GetDirectoryName(missing);
        while (parent is not null && !fileSystem.DirectoryExists(parent))
        {
            missing = parent;
            parent = Path.GetDirectoryName(missing);
        }

        if (parent is null || missing == path || fileSystem.EntryTypeOf(missing) != FileType.Missing)
        {
            return null;
        }

        var name = Path.GetFileName(missing);
        var rest = path[missing.Length..];
        foreach (var entry in fileSystem.EnumerateEntries(parent))
        {
            var sibling = Path.GetFileName(entry);
            if (sibling != name && Math.Abs(sibling.Length - name.Length) <= 1 && Knowledge.Suggestions.Distance(name, sibling, limit: 1) <= 1
                && fileSystem.DirectoryExists(entry) && fileSystem.FileExists(entry + rest))
            {
                return entry + rest;
            }
        }

        return null;
    }
}
