using ConfLint.Workspace.Systemd;

namespace ConfLint.Host;

/// <summary>
/// The groups an unprivileged process holds, and whether it may give a file to another user or to a group it does not
/// hold, for a daemon that chowns its socket after binding it as itself (chown(2): without CAP_CHOWN, the owner may set
/// the group only to one it holds, and the user not at all). Known for a systemd service with <c>User=</c>: systemd
/// calls <c>initgroups(User=, gid)</c> with the gid of <c>Group=</c> (the user's /etc/passwd group without one), so the
/// process holds that group and every group whose /etc/group entry lists the user, then adds
/// <c>SupplementaryGroups=</c> (systemd src/core/exec-invoke.c, get_supplementary_groups; "We avoid NSS lookups for
/// gid=0": with a root group, /etc/group is not read). A <c>PAMName=</c> session may add groups (pam_group), and
/// <c>AmbientCapabilities=</c> may grant CAP_CHOWN: then only what the unit itself shows counts, and a refusal is not
/// known.
/// </summary>
/// <param name="User">The process's user.</param>
/// <param name="Group">The process's group (its gid), or null when not known.</param>
/// <param name="Supplementary">The unit's <c>SupplementaryGroups=</c>, as written.</param>
/// <param name="ReadsGroupFile">Whether the user's /etc/group memberships count (initgroups was called).</param>
/// <param name="MayHoldMore">Why the process may hold more groups or capabilities than the unit shows, or null.</param>
/// <param name="Source">For messages: the unit whose settings these are.</param>
public sealed record ProcessGroups(string User, string? Group, IReadOnlyList<string> Supplementary, bool ReadsGroupFile, string? MayHoldMore, string Source)
{
    /// <summary>The groups of <paramref name="service"/>'s processes, started as <paramref name="identity"/> (its
    /// <c>User=</c>, <see cref="HostModel.IdentityOfUnit"/>); null for root or a unit without <c>User=</c>.</summary>
    public static ProcessGroups? OfService(MergedUnit unit, RunAs identity)
    {
        if (identity.IsRoot || unit.Get("Service", "User") is not { Length: > 0 })
        {
            return null;
        }

        var supplementary = unit.GetAll("Service", "SupplementaryGroups")
            .SelectMany(v => v.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToList();
        var more = unit.Get("Service", "PAMName") is { Length: > 0 } pam ? $"PAMName={pam} of {unit.Name} opens a PAM session, which may add groups"
            : unit.GetAll("Service", "AmbientCapabilities").Any(v => v.Trim().Length > 0) ? $"AmbientCapabilities= of {unit.Name} may grant CAP_CHOWN"
            : null;
        return new ProcessGroups(identity.User, identity.Group, supplementary, identity.Group is not ("root" or "0"), more, unit.Name);
    }

    /// <summary>Whether the process holds <paramref name="group"/> (a name, or a number the root's /etc/group names);
    /// null when that is not known.</summary>
    public bool? Holds(string group, HostAccounts accounts)
    {
        var name = Name(group, accounts.GroupName);
        if (Group is { } own && name == Name(own, accounts.GroupName))
        {
            return true;
        }

        if (Supplementary.Any(s => Name(s, accounts.GroupName) == name))
        {
            return true;
        }

        if (Supplementary.Any(s => s.Contains('%', StringComparison.Ordinal) || (s.All(char.IsAsciiDigit) && accounts.GroupName(s) is null)))
        {
            return null;
        }

        // With a root group systemd calls no initgroups, and what the process then keeps is not shown here.
        if (!ReadsGroupFile)
        {
            return null;
        }

        var listed = accounts.IsListedMember(Name(User, accounts.UserName), name);
        return listed is true ? true : listed is null || MayHoldMore is not null || Group is null ? null : false;
    }

    private static string Name(string text, Func<string, string?> byId)
    {
        text = text.Trim();
        return text == "0" ? "root" : text.Length > 0 && text.All(char.IsAsciiDigit) ? byId(text) ?? text : text;
    }
}
