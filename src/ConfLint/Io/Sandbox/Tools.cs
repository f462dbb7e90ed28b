namespace ConfLint.Io.Sandbox;

/// <summary>Programs of this machine, found on <c>PATH</c> (and in the sbin folders, which a user's PATH may lack): the
/// person who runs ConfLint chooses which programs it runs, never the tree.</summary>
internal static class Tools
{
    public static string? Find(string name)
    {
        if (name.Contains('/', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal))
        {
            return null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin";
        foreach (var folder in path.Split(':').Concat(["/usr/sbin", "/sbin"]))
        {
            if (folder.Length == 0 || !folder.StartsWith('/'))
            {
                continue;
            }

            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
