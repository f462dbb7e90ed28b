namespace ConfLint.Host;

/// <summary>
/// Users and groups from /etc/passwd and /etc/group under the root, to judge socket permissions. Without
/// them (linting a folder of configs) group membership is unknown, and rules that depend on it say so.
/// </summary>
public sealed class HostAccounts
{
    private readonly Dictionary<string, HashSet<string>> _members = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _primaryGroupOfUser = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _userById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _groupById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _homeOfUser = new(StringComparer.Ordinal);

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

    /// <summary>The primary group of <paramref name="user"/> (its /etc/passwd group id, named by /etc/group), or null.</summary>
    public string? PrimaryGroup(string user) => _primaryGroupOfUser.GetValueOrDefault(user);

    /// <summary>The name of a numeric user id, or null.</summary>
    public string? UserName(string uid) => _userById.GetValueOrDefault(uid);

    /// <summary>The home folder /etc/passwd gives <paramref name="user"/>, or null.</summary>
    public string? Home(string user) => _homeOfUser.GetValueOrDefault(user);

    /// <summary>How many accounts /etc/passwd gives <paramref name="home"/> as their home (a folder several share, such as
    /// <c>/nonexistent</c> or <c>/var/www</c>, is no one user's).</summary>
    public int UsersWithHome(string home)
    {
        var count = 0;
        foreach (var each in _homeOfUser.Values)
        {
            count += each == home ? 1 : 0;
        }

        return count;
    }

    /// <summary>The name of a numeric group id, or null.</summary>
    public string? GroupName(string gid) => _groupById.GetValueOrDefault(gid);

    /// <summary>Whether /etc/passwd names <paramref name="user"/>; null when the root has no /etc/passwd.</summary>
    public bool? HasUser(string user) => _userById.Count == 0 ? null : _userById.ContainsValue(user);

    /// <summary>Whether /etc/group names <paramref name="group"/>; null when the accounts are not known.</summary>
    public bool? HasGroup(string group) => IsKnown ? _members.ContainsKey(group) : null;

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
                groupNames.TryAdd(fields[2], fields[0]);
                accounts._groupById.TryAdd(fields[2], fields[0]);
                accounts._members[fields[0]] = new HashSet<string>(fields[3].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.Ordinal);
            }
        }

        foreach (var line in Lines(fs, "/etc/passwd"))
        {
            var fields = line.Split(':');
            if (fields.Length >= 4)
            {
                accounts._userById.TryAdd(fields[2], fields[0]);
            }

            if (fields.Length >= 6 && fields[5].StartsWith('/'))
            {
                accounts._homeOfUser.TryAdd(fields[0], fields[5].TrimEnd('/'));
            }

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
