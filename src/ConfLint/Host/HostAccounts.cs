namespace ConfLint.Host;

/// <summary>
/// Users and groups from /etc/passwd and /etc/group under the root, to judge socket permissions. Without
/// them (linting a folder of configs) group membership is unknown, and rules that depend on it say so.
/// </summary>
public sealed class HostAccounts
{
    private readonly Dictionary<string, HashSet<string>> _members = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _primaryGroupOfUser = new(StringComparer.Ordinal);

    public bool IsKnown { get; private set; }

    /// <summary>Whether <paramref name="user"/> belongs to <paramref name="group"/>: as its primary group or as a
    /// listed member; null when the accounts are not known.</summary>
    public bool? IsMember(string user, string group)
    {
        if (!IsKnown)
        {
            return null;
        }

        return _primaryGroupOfUser.GetValueOrDefault(user) == group || (_members.TryGetValue(group, out var members) && members.Contains(user));
    }

    public static HostAccounts Read(Workspace.RootedFileSystem fs)
    {
        var accounts = new HostAccounts();
        if (fs.Root is null || !fs.FileExists("/etc/group"))
        {
            return accounts;
        }

        var groupNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in Lines(fs, "/etc/group"))
        {
            var fields = line.Split(':');
            if (fields.Length >= 4)
            {
                groupNames[fields[2]] = fields[0];
                accounts._members[fields[0]] = new HashSet<string>(fields[3].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.Ordinal);
            }
        }

        foreach (var line in Lines(fs, "/etc/passwd"))
        {
            var fields = line.Split(':');
            if (fields.Length >= 4 && groupNames.TryGetValue(fields[3], out var primary))
            {
                accounts._primaryGroupOfUser[fields[0]] = primary;
            }
        }

        accounts.IsKnown = true;
        return accounts;
    }

    private static IEnumerable<string> Lines(Workspace.RootedFileSystem fs, string path) =>
        fs.ReadLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && l[0] != '#');
}
