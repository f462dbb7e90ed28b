using ConfLint.Diagnostics;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>The owner, group and mode uwsgi gives the Unix sockets it binds, and the settings that decide them.</summary>
/// <param name="Decisive">The setting that makes the owner what it is (<c>uid</c>, <c>chown-socket</c>), or null for the
/// user that started uwsgi.</param>
/// <param name="Settings">The settings that played a part, each with a short description, in the order uwsgi read them.</param>
/// <param name="CanChown">Whether uwsgi starts as root, so that a <c>chown-socket</c> could give the socket away.</param>
public sealed record UwsgiSocketOwnership(string Owner, string Group, int Mode, string Why, UwsgiOptions.Value? Decisive, IReadOnlyList<(Location Location, string Text)> Settings, bool CanChown);

/// <summary>A socket setting that makes uwsgi exit at start: an unprivileged uwsgi's <c>chown-socket</c> that chown(2)
/// refuses, or a <c>chmod-socket</c> value uwsgi does not take.</summary>
/// <param name="Setting">The <c>chown-socket</c> or <c>chmod-socket</c> value.</param>
/// <param name="Why">Why the process may not make that change ("it does not hold group 'www-data' ..."), or what uwsgi
/// takes for a mode.</param>
/// <param name="Option">The option: <c>chown-socket</c> or <c>chmod-socket</c>.</param>
public sealed record UwsgiStartRefused(UwsgiOptions.Value Setting, string Why, string Option = "chown-socket");

/// <summary>
/// How uwsgi creates its Unix sockets (unbit/uwsgi core/uwsgi.c, core/socket.c, core/utils.c). Started as root, it drops
/// to <c>uid</c>/<c>gid</c> "as early as possible", before binding, unless <c>chown-socket</c>, <c>master-as-root</c>,
/// <c>drop-after-init</c> or <c>drop-after-apps</c> is set: the socket then belongs to the <c>uid</c>'s user (root
/// without one) and the <c>gid</c>'s group (root's without one: setgid is not called), else to root. <c>chown-socket =
/// USER[:GROUP]</c> then gives it to USER (and GROUP; without one the group stays). The mode is <c>chmod-socket</c>'s
/// three octal digits (the last written counts), 666 for <c>chmod-socket</c> without a value, and without the option
/// 0777 less the umask: the <c>umask</c> option, else 0 under <c>--daemonize</c> (uwsgi's daemonize sets umask(0)), else
/// the one uwsgi inherits. Started as another user, uwsgi cannot drop privileges (uid and gid are ignored) and binds as
/// that user and its group; a <c>chown-socket</c> then succeeds only to that user and a group the process holds
/// (<see cref="ProcessGroups"/>), and where chown(2) refuses it, uwsgi exits at start (core/utils.c, uwsgi_chown).
/// </summary>
public static class UwsgiSocketAccess
{
    /// <summary>The ownership of <paramref name="options"/>' Unix sockets when uwsgi is started by <paramref name="starter"/>
    /// with <paramref name="inheritedUmask"/> (null: not known; <paramref name="inheritedFrom"/> says where it comes from,
    /// or why it is not known); a reason when something that decides it is not known.</summary>
    public static (UwsgiSocketOwnership? Known, string? Unknown, UwsgiStartRefused? Refused) Of(UwsgiOptions options, RunAs starter, int? inheritedUmask, HostAccounts accounts, string? inheritedFrom = null, ProcessGroups? groups = null)
    {
        // chmod-socket is read with the configuration, before any socket is bound: a value that is not "1" nor three octal
        // digits (an empty one, a bare chmod-socket line of an ini file, 0660) makes uwsgi log "invalid chmod value: VALUE"
        // and exit with status 1 (core/uwsgi.c, uwsgi_opt_chmod_socket; seen with uWSGI 2.0.21), whatever follows it.
        if (options.All("chmod-socket", "chmod").FirstOrDefault(c => c.Text is { } text && !ValidChmod(text)) is { } invalid)
        {
            return (null, null, new UwsgiStartRefused(invalid, $"uwsgi takes 1 or three octal digits, logs 'invalid chmod value: {invalid.Text}' and exits with status 1 (core/uwsgi.c, uwsgi_opt_chmod_socket)", "chmod-socket"));
        }

        var settings = new List<(Location, string)>();
        void Note(UwsgiOptions.Value? value, string name)
        {
            if (value?.Location is { } location)
            {
                settings.Add((location, $"{name} = {value.Raw}"));
            }
        }

        var chown = options.Last("chown-socket");
        var lateDrop = chown is not null;
        foreach (var flag in new[] { "master-as-root", "drop-after-init", "drop-after-apps" })
        {
            if (options.Last(flag) is { } set)
            {
                if (set.Text is null)
                {
                    return (null, $"{flag} = {set.Raw} is not known", null);
                }

                lateDrop |= set.Text.ToLowerInvariant() is not ("false" or "off" or "no" or "0");
            }
        }

        string owner;
        string group;
        UwsgiOptions.Value? decisive = null;
        string why;
        if (starter.IsRoot)
        {
            var uid = options.Last("uid");
            var gid = options.Last("gid");
            if (lateDrop)
            {
                owner = "root";
                group = "root";
                why = $"uwsgi starts as root ({starter.Source}) and binds before it drops privileges";
            }
            else
            {
                Note(uid, "uid");
                Note(gid, "gid");
                if (Account(uid, "root", accounts.UserName, accounts.HasUser) is not { } user)
                {
                    return (null, $"uid = {uid!.Raw} names no user of the root's /etc/passwd", null);
                }

                if (Account(gid, "root", accounts.GroupName, accounts.HasGroup) is not { } primary)
                {
                    return (null, $"gid = {gid!.Raw} names no group of the root's /etc/group", null);
                }

                (owner, group) = (user, primary);
                decisive = uid ?? gid;
                why = uid is null && gid is null
                    ? $"uwsgi starts as root ({starter.Source}) and sets no uid"
                    : "uwsgi drops root privileges before it binds, as no chown-socket is set";
            }

            if (chown is not null)
            {
                Note(chown, "chown-socket");
                if (chown.Text is not { } text)
                {
                    return (null, $"chown-socket = {chown.Raw} is not known", null);
                }

                var colon = text.IndexOf(':');
                var (userPart, groupPart) = colon >= 0 ? (text[..colon], text[(colon + 1)..]) : (text, null);
                if (Resolve(userPart, accounts.UserName, accounts.HasUser) is not { } chownUser
                    || (groupPart is not null && Resolve(groupPart, accounts.GroupName, accounts.HasGroup) is null))
                {
                    return (null, $"chown-socket = {chown.Raw} names an account the root's /etc/passwd or /etc/group does not show", null);
                }

                owner = chownUser;
                group = groupPart is null ? group : Resolve(groupPart, accounts.GroupName, accounts.HasGroup)!;
                decisive = chown;
                why = "chown-socket gives it away after binding";
            }
        }
        else
        {
            if (starter.Group is null)
            {
                return (null, $"the group of '{starter.User}' ({starter.Source}) is not known", null);
            }

            (owner, group) = (starter.User, starter.Group);
            why = $"uwsgi runs as '{starter.User}' ({starter.Source})";
            if (chown is not null)
            {
                Note(chown, "chown-socket");
                switch (UnprivilegedChown(chown, starter, accounts, groups))
                {
                    case (_, _, { } unknown):
                        return (null, unknown, null);
                    case (_, { } refused, _):
                        return (null, null, new UwsgiStartRefused(chown, refused));
                    case (var given, _, _):
                        decisive = chown;
                        why += given is null ? $"; chown-socket = {chown.Raw} names its own user, so the socket keeps its owner and group"
                            : given == group ? $"; chown-socket = {chown.Raw} names its own user and group, so the socket keeps them"
                            : $"; chown-socket = {chown.Raw} gives the socket to group '{given}', which the process holds";
                        group = given ?? group;
                        break;
                }
            }
        }

        var chmods = options.All("chmod-socket", "chmod");
        int mode;
        if (chmods.Count > 0)
        {
            var value = 0;
            foreach (var chmod in chmods)
            {
                Note(chmod, "chmod-socket");
                if (chmod.Text is "1")
                {
                    continue;
                }

                if (chmod.Text is not { Length: 3 } digits || !digits.All(c => c is >= '0' and <= '7'))
                {
                    return (null, chmod.Why is { } doubt ? $"chmod-socket = {chmod.Raw} may or may not be set: {doubt}" : $"chmod-socket = {chmod.Raw} is not known", null);
                }

                value = Convert.ToInt32(digits, 8);
            }

            mode = value == 0 ? 0b110_110_110 : value;
        }
        else
        {
            var umaskOption = options.Last("umask");
            int umask;
            if (umaskOption is not null)
            {
                Note(umaskOption, "umask");
                if (umaskOption.Text is not { Length: >= 3 } text || text[^3..].Any(c => c is < '0' or > '7'))
                {
                    return (null, $"umask = {umaskOption.Raw} is not a umask ConfLint reads", null);
                }

                umask = Convert.ToInt32(text.Length == 3 ? text : text[1..4], 8);
            }
            else if (options.Last("daemonize") is not null)
            {
                umask = 0;
            }
            else if (inheritedUmask is { } inherited)
            {
                umask = inherited;
                why += $"; no chmod-socket or umask: the mode is 0777 less the umask uwsgi inherits, {Convert.ToString(inherited, 8).PadLeft(4, '0')} ({inheritedFrom})";
            }
            else
            {
                return (null, "no chmod-socket: the socket's mode is 0777 less the umask uwsgi inherits, which the root does not show" + (inheritedFrom is null ? string.Empty : $" ({inheritedFrom})"), null);
            }

            mode = 0b111_111_111 & ~umask;
        }

        return (new UwsgiSocketOwnership(owner, group, mode, why, decisive, settings, starter.IsRoot), null, null);
    }

    /// <summary>What an unprivileged uwsgi's <c>chown-socket = USER[:GROUP]</c> does (core/utils.c, uwsgi_chown): chown(2)
    /// of the socket to USER's uid and GROUP's gid (-1, unchanged, without GROUP). Without CAP_CHOWN that succeeds only where
    /// USER is the process's own user and GROUP one it holds (its gid, a supplementary group); otherwise chown() fails
    /// with EPERM, uwsgi logs "chown(): Operation not permitted" and exits with status 1 (uwsgi_chown calls exit(1);
    /// seen with uWSGI 2.0.21). The group it gives (null: unchanged), the refusal, or why neither is known.</summary>
    private static (string? Group, string? Refused, string? Unknown) UnprivilegedChown(UwsgiOptions.Value chown, RunAs starter, HostAccounts accounts, ProcessGroups? groups)
    {
        if (chown.Text is not { } text)
        {
            return (null, null, $"chown-socket = {chown.Raw} is not known");
        }

        var colon = text.IndexOf(':');
        var (userPart, groupPart) = colon >= 0 ? (text[..colon], text[(colon + 1)..]) : (text, null);
        if (Resolve(userPart, accounts.UserName, accounts.HasUser) is not { } user
            || (groupPart is not null && Resolve(groupPart, accounts.GroupName, accounts.HasGroup) is null))
        {
            return (null, null, $"chown-socket = {chown.Raw} names an account the root's /etc/passwd or /etc/group does not show");
        }

        var self = Resolve(starter.User, accounts.UserName, accounts.HasUser) ?? starter.User;
        var group = groupPart is null ? null : Resolve(groupPart, accounts.GroupName, accounts.HasGroup)!;
        var ownGroup = starter.Group is null ? null : Resolve(starter.Group, accounts.GroupName, accounts.HasGroup) ?? starter.Group;
        var holds = group is null || group == ownGroup ? true : groups?.Holds(group, accounts);
        var sameUser = user == self;
        if (sameUser && holds is true)
        {
            return (group, null, null);
        }

        // A refusal only where the unit shows every group and capability the process has.
        if (groups is null || groups.MayHoldMore is not null)
        {
            var why = groups?.MayHoldMore ?? $"the groups {starter.Source} gives the process are not known";
            return (null, null, $"uwsgi runs as '{starter.User}' ({starter.Source}), which may chown its socket only to itself and a group it holds (chown-socket = {chown.Raw}), and {why}");
        }

        if (sameUser && holds is null)
        {
            return (null, null, $"uwsgi runs as '{starter.User}' ({starter.Source}), which may chown its socket only to a group it holds, and whether it holds '{group}' is not known ({accounts.WhyMembershipUnknown(self, group!)})");
        }

        var refused = !sameUser
            ? $"it may not give the socket to user '{user}'"
            : $"it does not hold group '{group}' (neither its group '{ownGroup}', nor {(groups.Supplementary.Count > 0 ? "SupplementaryGroups=" + string.Join(' ', groups.Supplementary) + " nor " : string.Empty)}a group /etc/group lists '{self}' in)";
        return (null, refused, null);
    }

    /// <summary>A <c>chmod-socket</c> value uwsgi takes: <c>1</c> (the default mode, 666) or three octal digits.</summary>
    private static bool ValidChmod(string text) => text == "1" || (text.Length == 3 && text.All(c => c is >= '0' and <= '7'));

    /// <summary>The account an option names (by name or number), <paramref name="otherwise"/> without the option; null when
    /// the root shows no such account.</summary>
    private static string? Account(UwsgiOptions.Value? value, string otherwise, Func<string, string?> byId, Func<string, bool?> exists) =>
        value is null ? otherwise : value.Text is { } text ? Resolve(text, byId, exists) : null;

    private static string? Resolve(string text, Func<string, string?> byId, Func<string, bool?> exists)
    {
        text = text.Trim();
        if (text.Length == 0)
        {
            return null;
        }

        if (text.All(char.IsAsciiDigit))
        {
            return text == "0" ? "root" : byId(text);
        }

        return exists(text) is false ? null : text;
    }
}
