using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.Systemd;
using ConfLint.Syntax.Systemd;
using ConfLint.Workspace;
using ConfLint.Workspace.Systemd;

namespace ConfLint.Rules.Support;

/// <summary>
/// Units that name an account the host does not have, so that systemd cannot start them:
/// <list type="bullet">
/// <item>a socket unit's <c>SocketUser=</c> or <c>SocketGroup=</c>: systemd opens the sockets, then chowns them in a
/// helper process that resolves the names (src/core/socket.c, <c>socket_chown</c> in state <c>SOCKET_START_CHOWN</c>:
/// <c>get_user_creds</c>, "Failed to resolve user NAME", exit status <c>EXIT_USER</c>; <c>get_group_creds</c>, "Failed to
/// resolve group NAME"); the helper's failure fails the socket unit, which closes its sockets (<c>socket_set_state</c>
/// closes the descriptors in every state but the listening ones): nothing listens there, and a service that
/// <c>Requires=</c> the socket unit does not start either;</item>
/// <item>a service's <c>User=</c> or <c>Group=</c>: the service's process cannot set them and exits before its program
/// runs (systemd.exec(5), exit status 217/USER, 216/GROUP); a socket unit that starts it keeps its socket, and nothing
/// answers there.</item>
/// </list>
/// An account is missing only where the root shows every source of names (<see cref="HostAccounts"/>, the reading CL003
/// and CL000's ACL names use: /etc/passwd, /etc/group for a group, and what /etc/nsswitch.conf lists; a source ConfLint
/// cannot read, such as ldap or sss, leaves the name unknown), no sysusers.d file makes it (systemd-sysusers creates its
/// accounts at boot, before the services: sysusers.d(5), <c>u</c>, <c>g</c> and <c>m</c> lines), no userdb record names it
/// (<c>NAME.user</c>, <c>NAME.group</c>: nss-systemd serves them), and the unit does not set <c>DynamicUser=yes</c>
/// (systemd allocates the account as it starts). <c>root</c>, <c>nobody</c> and numeric ids are never judged (systemd
/// makes up root and nobody itself, user-util.c). A warning, not an error: an account may be made at run time by what the
/// root does not show (a package's script run later), and the operator may see the unit fail in its status.
/// </summary>
internal static class UnitAccounts
{
    /// <summary>A unit's setting that names no account.</summary>
    /// <param name="Unit">The unit whose setting it is.</param>
    /// <param name="Entry">The setting's line.</param>
    /// <param name="Key">The setting (<c>SocketUser</c>, <c>User</c>, ...).</param>
    /// <param name="Name">The account it names.</param>
    /// <param name="Group">Whether the account is a group.</param>
    internal sealed record Missing(MergedUnit Unit, SystemdEntry Entry, string Key, string Name, bool Group)
    {
        /// <summary>What systemd does with it, said: "systemd cannot resolve it when it chowns the sockets (...)".</summary>
        public string Fails => Key.StartsWith("Socket", StringComparison.Ordinal)
            ? $"systemd resolves it when it creates the socket, and fails (\"Failed to resolve {(Group ? "group" : "user")} {Name}\", src/core/socket.c): {Unit.Name} fails and closes its sockets"
            : $"systemd cannot switch the service's process to it, and the service exits before its program runs (status={(Group ? "216/GROUP" : "217/USER")})";
    }

    /// <summary>The unit failure that keeps every back end listening at <paramref name="endpoint"/> from answering: a socket
    /// unit whose own account is missing, a socket unit whose service's account is missing, or a service whose account is
    /// missing; with the back end it belongs to. Null where one of them may answer, or where nothing listens.</summary>
    public static (BackEnd BackEnd, Missing Missing)? At(HostModel host, Endpoint endpoint)
    {
        var providers = host.Providers(endpoint);
        (BackEnd, Missing)? first = null;
        for (var i = 0; i < providers.Count; i++)
        {
            if (Of(host, providers[i]) is not { } missing)
            {
                return null;
            }

            first ??= (providers[i], missing);
        }

        return first;
    }

    /// <summary>The missing account that keeps <paramref name="backEnd"/> from answering, or null.</summary>
    public static Missing? Of(HostModel host, BackEnd backEnd)
    {
        if (backEnd is SocketBackEnd socket)
        {
            return Of(host, socket.Unit) ?? (socket.Service is { } activated ? Of(host, activated.Unit) : null);
        }

        return host.ServiceOf(backEnd) is { } service ? Of(host, service.Unit) : null;
    }

    /// <summary>The first setting of <paramref name="unit"/> that names an account the root proves missing (found once per
    /// unit); null where none does.</summary>
    public static Missing? Of(HostModel host, MergedUnit unit) =>
        host.Shared("UnitAccounts.Missing", unit, () => Find(host, unit));

    private static Missing? Find(HostModel host, MergedUnit unit)
    {
        var socket = unit.Name.EndsWith(".socket", StringComparison.Ordinal);
        var section = socket ? "Socket" : "Service";
        if (!socket && !unit.Name.EndsWith(".service", StringComparison.Ordinal))
        {
            return null;
        }

        // DynamicUser=yes: systemd allocates the account as the unit starts (systemd.exec(5)).
        if (unit.Get(section, "DynamicUser") is { } dynamic && IsTrue(dynamic))
        {
            return null;
        }

        foreach (var (key, group) in socket ? SocketKeys : ServiceKeys)
        {
            if (unit.EffectiveEntry(section, key) is not { } entry || UnitSpecifiers.Expand(entry.Value.Trim(), unit.Name, out var complete) is not { Length: > 0 } name
                || !complete || name.All(char.IsAsciiDigit) || name is "root" or "nobody" or "nogroup")
            {
                continue;
            }

            if (ProvedMissing(host, name, group))
            {
                return new Missing(unit, entry, key, name, group);
            }
        }

        return null;
    }

    /// <summary>Whether the root proves the account missing: its sources of names all read and none has it, and no
    /// sysusers.d line or userdb record makes it (<c>root</c>, <c>nobody</c>, <c>nogroup</c> and numeric ids never are).</summary>
    public static bool ProvedMissing(HostModel host, string name, bool group) =>
        name.Length > 0 && !name.All(char.IsAsciiDigit) && name is not ("root" or "nobody" or "nogroup")
        && (group ? host.Accounts.HasGroup(name) : host.Accounts.HasUser(name)) == false && !Made(host.Workspace.FileSystem, name, group);

    /// <summary>The settings that name accounts, in the order systemd resolves them (the user first).</summary>
    private static readonly (string Key, bool Group)[] SocketKeys = [("SocketUser", false), ("SocketGroup", true)];

    private static readonly (string Key, bool Group)[] ServiceKeys = [("User", false), ("Group", true)];

    /// <summary>The folders of sysusers.d files (sysusers.d(5)).</summary>
    private static readonly string[] SysusersFolders = ["/etc/sysusers.d", "/run/sysusers.d", "/usr/local/lib/sysusers.d", "/usr/lib/sysusers.d", "/lib/sysusers.d"];

    /// <summary>The folders of userdb records (nss-systemd(8)).</summary>
    private static readonly string[] UserdbFolders = ["/etc/userdb", "/run/userdb", "/run/host/userdb", "/usr/local/lib/userdb", "/usr/lib/userdb"];

    /// <summary>Whether something of the root makes the account though the account files lack it: a sysusers.d line (a
    /// <c>u</c> line makes the user and a group of its name, <c>g</c> a group, <c>m USER GROUP</c> both where missing), a
    /// userdb record, or a sysusers.d line ConfLint cannot read for certain (a specifier).</summary>
    private static bool Made(RootedFileSystem fs, string name, bool group)
    {
        foreach (var folder in UserdbFolders)
        {
            if (fs.FileExists($"{folder}/{name}.{(group ? "group" : "user")}"))
            {
                return true;
            }
        }

        foreach (var folder in SysusersFolders)
        {
            if (!fs.DirectoryExists(folder))
            {
                continue;
            }

            foreach (var entry in fs.EnumerateEntries(folder))
            {
                var path = entry.StartsWith('/') ? entry : folder + "/" + entry;
                if (path.EndsWith(".conf", StringComparison.Ordinal) && fs.FileExists(path) && SysusersMakes(fs.ReadLines(path), name, group))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Whether the lines of a sysusers.d file make the account (or may: a name with a specifier).</summary>
    internal static bool SysusersMakes(IEnumerable<string> lines, string name, bool group)
    {
        foreach (var raw in lines)
        {
            var fields = raw.Trim().Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2 || fields[0].Length == 0 || fields[0][0] == '#')
            {
                continue;
            }

            var type = fields[0].TrimEnd('!');
            var named = fields[1].Contains('%', StringComparison.Ordinal) || fields[1] == name;
            var member = type == "m" && fields.Length > 2 && (fields[2].Contains('%', StringComparison.Ordinal) || fields[2] == name);
            if ((type == "u" && named) || (type == "g" && group && named) || (type == "m" && (group ? member : named)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The key by which <paramref name="service"/> needs <paramref name="unit"/> (<c>Requires=</c>,
    /// <c>BindsTo=</c>, <c>Requisite=</c>): it does not start where that one fails. Null where it does not need it.</summary>
    internal static string? Needs(MergedUnit service, string unit)
    {
        foreach (var key in MaskedUnits.NeedingKeys)
        {
            foreach (var value in service.GetAll("Unit", key))
            {
                if (value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Contains(unit))
                {
                    return key;
                }
            }
        }

        return null;
    }

    private static bool IsTrue(string value) => value.Trim().ToLowerInvariant() is "yes" or "true" or "1" or "on";
}
