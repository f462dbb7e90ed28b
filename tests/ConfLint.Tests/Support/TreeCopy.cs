namespace ConfLint.Tests.Support;

/// <summary>Copies a folder as <c>cp -a</c> would for the trees tests use: files copied, symbolic links (to files or
/// folders) kept as links with their targets as written and never followed.</summary>
public static class TreeCopy
{
    public static void Copy(string from, string to, bool overwrite = false)
    {
        Directory.CreateDirectory(to);
        foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0 }))
        {
            var destination = Path.Combine(to, entry.Name);
            if (entry.LinkTarget is { } target)
            {
                if (overwrite && (File.Exists(destination) || new FileInfo(destination).LinkTarget is not null))
                {
                    File.Delete(destination);
                }

                File.CreateSymbolicLink(destination, target);
            }
            else if (entry is DirectoryInfo)
            {
                Copy(entry.FullName, destination, overwrite);
            }
            else
            {
                File.Copy(entry.FullName, destination, overwrite);
            }
        }
    }
}
