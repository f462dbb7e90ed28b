using ConfLint.Workspace;

namespace ConfLint.Validation;

/// <summary>
/// When the absence of a file a daemon opens at start (a certificate, a key, DH parameters) is proven by the tree.
/// Repositories keep such files out (they are secrets, or generated on the server), and leave their folders out or
/// half empty, so a missing file is judged only where its folder is under the root and holds files of its kind (the
/// same extension): then the tree keeps these files and the name is wrong. Otherwise it is not judged.
/// </summary>
internal static class MissingFileEvidence
{
    /// <summary>Why the absence of <paramref name="path"/> cannot be judged, or null when it is proven.</summary>
    public static string? Unproven(RootedFileSystem fileSystem, string path)
    {
        var folder = Path.GetDirectoryName(path);
        if (folder is null || !fileSystem.DirectoryExists(folder))
        {
            return "its folder is not under the root (certificates are often kept out of a repository)";
        }

        var extension = Path.GetExtension(path);
        var siblings = extension.Length > 1 && fileSystem.EnumerateEntries(folder).Any(entry =>
            entry.EndsWith(extension, StringComparison.Ordinal) && fileSystem.FileExists(entry));
        return siblings ? null : $"its folder holds no other {extension} file (such files are often kept out of a repository)";
    }
}
