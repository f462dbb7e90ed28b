using ConfLint.Host;
using ConfLint.Host.Systemd;
using ConfLint.Knowledge;
using ConfLint.Syntax.PhpFpm;
using ConfLint.Syntax;
using ConfLint.Syntax.Systemd;
using ConfLint.Workspace;
using ConfLint.Workspace.Systemd;

namespace ConfLint.Validation;

/// <summary>
/// What PHP-FPM's checks depend on outside its own files: whether the master runs as root (its pools then need a
/// user, and users and groups are looked up) and which accounts exist. Known only where the root shows it: a systemd
/// unit that starts php-fpm without <c>User=</c> and without <c>--allow-to-run-as-root</c>, and the root's accounts as
/// its name service switch gives them to getpwnam/getgrnam (<see cref="NssDatabase"/>: <c>/etc/passwd</c> and
/// <c>/etc/group</c>, and libnss-extrausers' files where nsswitch.conf lists <c>extrausers</c>). Otherwise these checks
/// are not made; nor for a name those lack where nsswitch.conf lists a source ConfLint cannot read (ldap, sss, ...).
/// </summary>
internal sealed class FpmHost
{
    private readonly Accounts? _users;
    private readonly Accounts? _groups;

    private FpmHost(bool runsAsRoot, Accounts? users, Accounts? groups, string globalPrefix)
    {
        RunsAsRoot = runsAsRoot;
        _users = users;
        _groups = groups;
        GlobalPrefix = globalPrefix;
    }

    /// <summary>A unit of the root starts this php-fpm as root.</summary>
    public bool RunsAsRoot { get; }

    /// <summary>The prefix relative paths of pools without their own are taken from (<see cref="PhpFpmPaths.GlobalPrefix"/>):
    /// the <c>-p</c> of a unit's command that runs this file, else the prefix of the layout's build, else unknown.</summary>
    public string GlobalPrefix { get; }

    public static FpmHost For(ConfigWorkspace workspace, ConfigFile main)
    {
        var root = false;
        string? prefix = null;
        foreach (var (unit, command) in ServiceCommands(workspace, mention: "fpm").Where(s => AppServer.IsPhpFpm(s.Command)))
        {
            var argv = command.Argv;
            var config = ConfigArgument(argv);
            if (config is not null && !SamePath(config, main.ServerPath))
            {
                continue;
            }

            root |= StartsAsRoot(unit) && !argv.Any(a => a is "-R" or "--allow-to-run-as-root");
            // -p moves the default configuration to PREFIX/etc/php-fpm.conf (fpm_main.c): without -y, the prefix is this
            // file's only when that is this file.
            if (PhpFpmPaths.PrefixOption(command) is { } option
                && (config is not null || SamePath(option.TrimEnd('/') + "/etc/php-fpm.conf", main.ServerPath)))
            {
                prefix = option;
            }
        }

        var compiled = (PhpLayouts.ForFpmConfig(main.ServerPath) ?? PhpLayouts.ForFpmConfig(main.ResolvedPath))?.Prefix;
        return new FpmHost(root, Accounts.Read(workspace, "passwd"), Accounts.Read(workspace, "group"), PhpFpmPaths.GlobalPrefix(prefix, compiled));
    }

    /// <summary>Whether an account is surely missing: the root's passwd (or group) file is there, and neither it nor
    /// any other source NSS consults there has it. Numbers are taken as they stand, as FPM does.</summary>
    public bool LacksUser(string name) => _users is not null && _users.Lacks(name);

    public bool LacksGroup(string name) => _groups is not null && _groups.Lacks(name);

    /// <summary>Why a user the root's files lack is not judged missing (a source nsswitch.conf lists that ConfLint cannot
    /// read may hold it), or null.</summary>
    public string? UnknownUser(string name) => _users?.Unknown(name);

    /// <inheritdoc cref="UnknownUser"/>
    public string? UnknownGroup(string name) => _groups?.Unknown(name);

    /// <summary>The accounts of the root's passwd database, as NSS gives them; null where the root does not show them.</summary>
    public Accounts? Users => _users;

    /// <summary>The groups of the root's group database, as NSS gives them; null where the root does not show them.</summary>
    public Accounts? Groups => _groups;

    /// <summary>The names one account database of the root gives, and whether a name they lack is surely missing.</summary>
    internal sealed class Accounts
    {
        private readonly HashSet<string> _names;
        private readonly NssDatabase _nss;

        private Accounts(HashSet<string> names, NssDatabase nss)
        {
            _names = names;
            _nss = nss;
        }

        /// <summary>The database (<c>passwd</c>, <c>group</c>) as NSS gives it; null without its /etc file or entries.</summary>
        public static Accounts? Read(ConfigWorkspace workspace, string database)
        {
            if (workspace.FileSystem.Root is null)
            {
                return null;
            }

            var nss = NssDatabase.Read(workspace.FileSystem, database);
            var names = nss.Names();
            return nss.PrimaryExists && names.Count > 0 ? new Accounts(names, nss) : null;
        }

        /// <summary>Whether <paramref name="name"/> is surely missing. A number is taken as it stands (an id), unless
        /// <paramref name="byName"/>: getpwnam and getgrnam look up names only, so an ACL entry "33" needs an account named so.</summary>
        public bool Lacks(string name, bool byName = false) => _nss.IsComplete && (byName || IsName(name)) && !_names.Contains(name);

        /// <summary>Why <paramref name="name"/>, which the files lack, is not known to be missing; null otherwise.</summary>
        public string? Unknown(string name, bool byName = false) =>
            !_nss.IsComplete && (byName || IsName(name)) && !_names.Contains(name) ? _nss.WhyUnknown(name) : null;

        /// <summary>The files the names were read from, said for a message ("/etc/passwd").</summary>
        public string Files => string.Join(" and ", _nss.Files);

        /// <summary>The names one edit (a character inserted, removed or replaced) away from <paramref name="name"/>, in
        /// the order of the files: the accounts a typo may have meant.</summary>
        public List<string> OneEditFrom(string name)
        {
            var near = new List<string>();
            foreach (var entry in _nss.Entries)
            {
                var colon = entry.IndexOf(':');
                if (colon > 0 && entry.AsSpan(0, colon) is var candidate && OneEdit(name, candidate) && !near.Contains(entry[..colon]))
                {
                    near.Add(entry[..colon]);
                }
            }

            return near;
        }

        /// <summary>Whether <paramref name="a"/> and <paramref name="b"/> differ by exactly one inserted, removed or
        /// replaced character.</summary>
        private static bool OneEdit(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
        {
            if (Math.Abs(a.Length - b.Length) > 1 || a.SequenceEqual(b))
            {
                return false;
            }

            var prefix = a.CommonPrefixLength(b);
            a = a[prefix..];
            b = b[prefix..];
            // What is left after the common beginning differs in its first character: the rest must then be equal.
            return a.Length == b.Length ? a[1..].SequenceEqual(b[1..]) : a.Length > b.Length ? a[1..].SequenceEqual(b) : a.SequenceEqual(b[1..]);
        }

        private static bool IsName(string name) => name.AsSpan().ContainsAnyExceptInRange('0', '9');
    }

    private static string? ConfigArgument(IReadOnlyList<string> argv)
    {
        for (var i = 0; i < argv.Count; i++)
        {
            if ((argv[i] is "-y" or "--fpm-config") && i + 1 < argv.Count)
            {
                return argv[i + 1];
            }

            if (argv[i].StartsWith("--fpm-config=", StringComparison.Ordinal))
            {
                return argv[i]["--fpm-config=".Length..];
            }
        }

        return null;
    }

    /// <summary>The commands the root's (non-template) services start, each with its merged unit. With
    /// <paramref name="mention"/>, only the services whose <c>ExecStart=</c> holds that text (or a backslash, which may
    /// escape it) are read: a host may have thousands of services, and a caller looking for one program skips the rest
    /// unparsed.</summary>
    internal static IEnumerable<(MergedUnit Unit, SystemdCommand Command)> ServiceCommands(ConfigWorkspace workspace, string? mention = null)
    {
        foreach (var files in workspace.Units.Where(u => !u.IsTemplate && u.MainPath is not null))
        {
            MergedUnit unit;
            try
            {
                unit = workspace.MergedUnit(files);
            }
            catch (IOException)
            {
                continue;
            }

            if (unit.EffectiveEntry("Service", "ExecStart") is not { } execStart
                || (mention is not null && !execStart.Value.Contains(mention, StringComparison.Ordinal) && !execStart.Value.Contains('\\')))
            {
                continue;
            }

            foreach (var command in SystemdCommandLine.Parse(execStart.Value).Commands)
            {
                yield return (unit, command);
            }
        }
    }

    /// <summary>Whether the unit starts its service as root (no <c>User=</c>, or root's).</summary>
    internal static bool StartsAsRoot(MergedUnit unit) => unit.Get("Service", "User") is var user && (string.IsNullOrEmpty(user) || user is "root" or "0");

    private static bool SamePath(string a, string b) => RootedFileSystem.Normalize(a) == RootedFileSystem.Normalize(b);
}
