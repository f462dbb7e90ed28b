namespace ConfLint.Host;

/// <summary>
/// Users and groups as the root's name service switch gives them (<see cref="NssDatabase"/>: /etc/passwd and /etc/group,
/// and /var/lib/extrausers' where nsswitch.conf lists <c>extrausers</c>, merged in its order, the first entry of a name
/// winning as in a lookup), to judge socket permissions. Without /etc/group (linting a folder of configs) group
/// membership is unknown, and rules that depend on it say so. Where nsswitch.conf also lists a source ConfLint cannot
/// read (ldap, sss, winbind, ...), a user or group the files lack is unknown, not missing.
/// </summary>
public sealed class HostAccounts
{
    private readonly Dictionary<string, HashSet<string>> _members = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _primaryGroupOfUser = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _userById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _groupById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _homeOfUser = new(StringComparer.Ordinal);
    private readonly HashSet<string> _users = new(StringComparer.Ordinal);

    private NssDatabase? _passwd;
    private NssDatabase? _group;

    public bool IsKnown { get; private set; }

    /// <summary>Whether <paramref name="user"/> belongs to <paramref name="group"/>: as its primary group or as a
    /// listed member; null when the accounts are not known, or when the group or the user is not in the files read and
    /// nsswitch.conf lists a source that may hold it (its members, or the user's primary group, are then unknown).</summary>
    public bool? IsMember(string user, string group)
    {
        if (!IsKnown)
        {
            return null;
        }

        if (_primaryGroupOfUser.GetValueOrDefault(user) == group || (_members.TryGetValue(group, out var members) && members.Contains(user)))
        {
            return true;
        }

        var groupUnknown = !_members.ContainsKey(group) && _group is { IsComplete: false };
        var userUnknown = !_users.Contains(user) && _passwd is { IsComplete: false };
        return groupUnknown || userUnknown ? null : false;
    }

    /// <summary>Whether /etc/group lists <paramref name="user"/> among the members of <paramref name="group"/> (its fourth
    /// field), which is what initgroups(3) reads: the user's /etc/passwd group does not count here. Null when the accounts
    /// are not known, or when the group is not in the files read and nsswitch.conf lists a source that may hold it.</summary>
    public bool? IsListedMember(string user, string group) =>
        !IsKnown ? null
        : _members.TryGetValue(group, out var members) ? members.Contains(user)
        : _group is { IsComplete: false } ? null : false;

    /// <summary>Why whether <paramref name="user"/> is in <paramref name="group"/> is not known, for a note.</summary>
    public string WhyMembershipUnknown(string user, string group) =>
        !IsKnown ? "no /etc/group; lint with --root"
        : !_members.ContainsKey(group) && _group?.WhyUnknown(group) is { } noGroup ? noGroup
        : _passwd?.WhyUnknown(user) is { } noUser ? noUser + ": its primary group is not known"
        : "not shown by the root's accounts";

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

    /// <summary>Whether the root's accounts name <paramref name="user"/>; null when the root has no /etc/passwd, or when
    /// they do not and nsswitch.conf lists a source ConfLint cannot read.</summary>
    public bool? HasUser(string user) => _userById.Count == 0 ? null : _users.Contains(user) ? true : _passwd is { IsComplete: false } ? null : false;

    /// <summary>Whether the root's accounts name <paramref name="group"/>; null when the accounts are not known, or when
    /// they do not and nsswitch.conf lists a source ConfLint cannot read.</summary>
    public bool? HasGroup(string group) => !IsKnown ? null : _members.ContainsKey(group) ? true : _group is { IsComplete: false } ? null : false;

    public static HostAccounts Read(Workspace.RootedFileSystem fs)
    {
        var accounts = new HostAccounts();
        if (fs.Root is null || !fs.FileExists("/etc/group"))
        {
            return accounts;
        }

        accounts._group = NssDatabase.Read(fs, "group");
        accounts._passwd = NssDatabase.Read(fs, "passwd");
        var groupNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in accounts._group.Entries)
        {
            var fields = line.Split(':');
            if (fields.Length >= 4)
            {
                groupNames.TryAdd(fields[2], fields[0]);
                accounts._groupById.TryAdd(fields[2], fields[0]);
                accounts._members.TryAdd(fields[0], new HashSet<string>(fields[3].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.Ordinal));
            }
        }

        foreach (var line in accounts._passwd.Entries)
        {
            var fields = line.Split(':');
            if (fields.Length >= 4)
            {
                accounts._userById.TryAdd(fields[2], fields[0]);
                accounts._users.Add(fields[0]);
            }

            if (fields.Length >= 6 && fields[5].StartsWith('/'))
            {
                accounts._homeOfUser.TryAdd(fields[0], fields[5].TrimEnd('/'));
            }

            if (fields.Length >= 4 && groupNames.TryGetValue(fields[3], out var primary))
            {
                accounts._primaryGroupOfUser.TryAdd(fields[0], primary);
            }
        }

        accounts.IsKnown = true;
        return accounts;
    }
}
