using ConfLint.Host;
using ConfLint.Host.Systemd;
using ConfLint.Syntax.Systemd;
using ConfLint.Workspace.Systemd;

namespace ConfLint.Rules.Support;

/// <summary>
/// The folders a service's unit makes at each start, as systemd.exec(5) says: <c>RuntimeDirectory=</c> below
/// <c>/run</c>, <c>StateDirectory=</c> below <c>/var/lib</c>, <c>CacheDirectory=</c> below <c>/var/cache</c>,
/// <c>LogsDirectory=</c> below <c>/var/log</c>, <c>ConfigurationDirectory=</c> below <c>/etc</c> (each a list of
/// relative names, parents included). "Except in case of ConfigurationDirectory=, the innermost specified directories
/// will be owned by the user and group specified in User= and Group=" (root without them; a <c>User=</c> without
/// <c>Group=</c> gives the user's primary group), and "will have their access mode adjusted" to the matching
/// <c>*DirectoryMode=</c>, which "Defaults to 0755". With <c>DynamicUser=</c> the owner is the transient user and group
/// (named by <c>User=</c>/<c>Group=</c> or the unit), in no one's supplementary groups, and state, cache and logs folders
/// are "created below /var/lib/private, /var/cache/private and /var/log/private, respectively, which are host
/// directories made inaccessible to unprivileged users" (symbolic links keep the paths). The parents systemd makes on
/// the way (<c>/run/foo</c> for <c>foo/bar</c>) are not taken: they may have been there before, with a mode of their own.
/// </summary>
public static class UnitFolders
{
    /// <summary>A folder a unit makes, the settings that decide its owner and mode, and where they stand.</summary>
    /// <param name="Path">The folder: <c>/run/pgadmin4</c>.</param>
    /// <param name="Key">The setting that names it: <c>RuntimeDirectory</c>.</param>
    /// <param name="Directory">The entry that names it.</param>
    /// <param name="ModeEntry">The <c>*DirectoryMode=</c> entry, or null for the default 0755.</param>
    /// <param name="Owner">Its owner, as <c>User=</c> (or the dynamic user) gives it.</param>
    /// <param name="Group">Its group; null when <c>User=</c>'s primary group is not known.</param>
    /// <param name="OwnerSource">For messages: "User=pgadmin and Group=pgadmin of pgadmin4.service".</param>
    /// <param name="Private">The <c>DynamicUser=</c> entry when the folder lies under a <c>private</c> folder only root may
    /// pass; null otherwise.</param>
    public sealed record Folder(string Path, string Key, SystemdEntry Directory, int Mode, SystemdEntry? ModeEntry, string Owner, string? Group,
        string OwnerSource, bool Dynamic, SystemdEntry? Private)
    {
        /// <summary>How the folder comes about, for messages: <c>RuntimeDirectory=pgadmin4, RuntimeDirectoryMode=0750</c>.</summary>
        public string Says => $"{Key}={Directory.Value.Trim()}, " + (ModeEntry is { } mode ? $"{mode.Key}={mode.Value.Trim()}" : $"{Key}Mode= unset (0755)");
    }

    /// <summary>The settings, the folder each makes its names below, and whether <c>DynamicUser=</c> moves them into a
    /// <c>private</c> folder.</summary>
    private static readonly (string Key, string Base, bool Private)[] Kinds =
    [
        ("RuntimeDirectory", "/run", false),
        ("StateDirectory", "/var/lib", true),
        ("CacheDirectory", "/var/cache", true),
        ("LogsDirectory", "/var/log", true),
        ("ConfigurationDirectory", "/etc", false),
    ];

    /// <summary>The folders <paramref name="service"/>'s unit makes that lie on the way to <paramref name="path"/> (the
    /// socket's folder or one above it). <paramref name="unjudged"/> says why a folder on the way was left out: a mode
    /// that is not an octal number, a name with a specifier that cannot be expanded.</summary>
    /// <remarks>A path spelled below <c>/var/run</c> is compared as below <c>/run</c> (<see cref="Endpoint.CanonicalizeRunPath"/>):
    /// these settings are systemd's, and on a systemd host <c>/var/run</c> is always the link to <c>../run</c> (tmpfiles.d's
    /// var.conf, <c>L /var/run - - - - ../run</c>; systemd(1) taints a system where it is not, "var-run-bad": taint.c).
    /// A root whose var/run is a real folder is a copy that lost the link, not what the service sees: gunicorn's
    /// <c>unix:/var/run/app/app.sock</c> is bound in the <c>/run/app</c> that <c>RuntimeDirectory=app</c> makes.</remarks>
    public static IReadOnlyList<Folder> Above(ServiceBackEnd service, string path, HostAccounts accounts, out string? unjudged) =>
        Above(service.Unit, path, accounts, out unjudged);

    /// <inheritdoc cref="Above(ServiceBackEnd, string, HostAccounts, out string?)"/>
    public static IReadOnlyList<Folder> Above(MergedUnit unit, string path, HostAccounts accounts, out string? unjudged)
    {
        unjudged = null;
        var folders = new List<Folder>();
        path = Endpoint.CanonicalizeRunPath(path);
        if (!path.StartsWith('/') || path.Contains("/../", StringComparison.Ordinal) || path.Contains("/./", StringComparison.Ordinal))
        {
            return folders;
        }

        var dynamic = PrivateTmpSockets.DynamicUser(unit);
        foreach (var (key, root, movesPrivate) in Kinds)
        {
            foreach (var (entry, name, complete) in Names(unit, key))
            {
                var folder = root + "/" + name;
                if (!path.StartsWith(folder + "/", StringComparison.Ordinal))
                {
                    continue;
                }

                if (!complete)
                {
                    unjudged = $"{key}={entry.Value.Trim()} of {unit.Name} has a specifier ConfLint does not expand";
                    continue;
                }

                var modeEntry = unit.EffectiveEntry("Service", key + "Mode");
                if (modeEntry is not null && ParseMode(modeEntry.Value) is null)
                {
                    unjudged = $"{modeEntry.Key}={modeEntry.Value.Trim()} of {unit.Name} is not an octal mode";
                    continue;
                }

                var mode = modeEntry is null ? 0b111_101_101 : ParseMode(modeEntry.Value)!.Value;
                var (owner, group, source) = OwnerOf(unit, key, dynamic, accounts);
                folders.Add(new Folder(folder, key, entry, mode, modeEntry, owner, group, source, dynamic is not null && key != "ConfigurationDirectory",
                    dynamic is not null && movesPrivate ? dynamic : null));
            }
        }

        return folders;
    }

    /// <summary>The folder names a unit's <paramref name="key"/> entries give (<c>RuntimeDirectory=a b/c</c>), relative to
    /// the setting's base, specifiers expanded (Complete false where one is not expanded); newer systemd
    /// takes <c>NAME:LINK</c>, a symbolic link to the folder, whose folder is NAME. Empty names and names with <c>.</c> or
    /// <c>..</c> are left out.</summary>
    internal static IEnumerable<(SystemdEntry Entry, string Name, bool Complete)> Names(MergedUnit unit, string key)
    {
        foreach (var entry in unit.Effective("Service", key))
        {
            foreach (var word in SystemdText.SplitWords(entry.Value))
            {
                var name = UnitSpecifiers.Expand(word.Value.Split(':')[0], unit.Name, out var complete).Trim('/');
                if (name.Length > 0 && !name.Split('/').Any(p => p is "." or ".."))
                {
                    yield return (entry, name, complete);
                }
            }
        }
    }

    /// <summary>Who owns a folder the unit makes: root for <c>ConfigurationDirectory=</c>; the dynamic user (<c>User=</c>,
    /// else the unit's name) and group (<c>Group=</c>, else the user's name) with <c>DynamicUser=</c>; else <c>User=</c>
    /// (root without it) and <c>Group=</c> (else the user's primary group).</summary>
    private static (string Owner, string? Group, string Source) OwnerOf(MergedUnit unit, string key, SystemdEntry? dynamic, HostAccounts accounts)
    {
        if (key == "ConfigurationDirectory")
        {
            return ("root", "root", "systemd makes configuration folders root's");
        }

        var user = unit.Get("Service", "User") is { Length: > 0 } u ? UnitSpecifiers.Expand(u.Trim(), unit.Name, out _) : null;
        var group = unit.Get("Service", "Group") is { Length: > 0 } g ? UnitSpecifiers.Expand(g.Trim(), unit.Name, out _) : null;
        if (dynamic is not null)
        {
            var name = user ?? SystemdBackEnds.ProgramName(unit.Name);
            return (name, group ?? name, $"the transient user and group of {unit.Name} (DynamicUser={dynamic.Value.Trim()})");
        }

        if (user is null)
        {
            return ("root", group ?? "root", group is null ? $"{unit.Name} has no User= or Group=" : $"no User= and Group={group} of {unit.Name}");
        }

        var primary = group ?? accounts.PrimaryGroup(user);
        return (user, primary, group is null ? $"User={user} of {unit.Name}, whose primary group it gets" : $"User={user} and Group={group} of {unit.Name}");
    }

    /// <summary>Whether <paramref name="web"/> may search (pass through) a folder of <paramref name="owner"/>,
    /// <paramref name="group"/> and <paramref name="mode"/>, and why not; null when that depends on a group membership the
    /// root does not show. The kernel takes the owner's bits for the owner, the group's for a member, else the others'.</summary>
    public static (bool Allowed, string Why)? CanSearch(string owner, string? group, int mode, WebIdentity web, HostAccounts accounts) =>
        ModeClasses.Check(web.User, web.Group, owner, group, mode, ModeClasses.Search, accounts) switch
        {
            (null, _) => null,
            (true, _) => (true, string.Empty),
            (false, ModeClass.Owner) => (false, "owns the folder, but the mode gives the owner no search (x) permission"),
            (false, ModeClass.Group) => (false, $"is in group '{group}', but the mode gives the group no search (x) permission"),
            (false, ModeClass.Other) => (false, $"is neither its owner nor in group '{group}', and the mode gives others no search (x) permission"),
            (false, _) => (false, "does not own it, and the mode gives neither its group nor others search (x) permission"),
        };

    /// <summary>systemd's parse_mode: an octal number of at most four digits.</summary>
    public static int? ParseMode(string value)
    {
        var text = value.Trim();
        return text.Length is > 0 and <= 4 && text.All(c => c is >= '0' and <= '7') ? Convert.ToInt32(text, 8) & 0xFFF : null;
    }
}
