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
/// unit that starts php-fpm without <c>User=</c> and without <c>--allow-to-run-as-root</c>, and the root's
/// <c>/etc/passwd</c> and <c>/etc/group</c>. Otherwise these checks are not made.
/// </summary>
internal sealed class FpmHost
{
    private readonly HashSet<string>? _users;
    private readonly HashSet<string>? _groups;

    private FpmHost(bool runsAsRoot, HashSet<string>? users, HashSet<string>? groups, string globalPrefix)
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
        return new FpmHost(root, Names(workspace, "/etc/passwd"), Names(workspace, "/etc/group"), PhpFpmPaths.GlobalPrefix(prefix, compiled));
    }

    /// <summary>Whether an account is surely missing: the root's passwd (or group) file is there and lacks it.
    /// Numbers are taken as they stand, as FPM does.</summary>
    public bool LacksUser(string name) => _users is not null && name.AsSpan().ContainsAnyExceptInRange('0', '9') && !_users.Contains(name);

    public bool LacksGroup(string name) => _groups is not null && name.AsSpan().ContainsAnyExceptInRange('0', '9') && !_groups.Contains(name);

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

    internal static HashSet<string>? Names(ConfigWorkspace workspace, string path)
    {
        if (workspace.FileSystem.Root is null || !workspace.FileSystem.FileExists(path))
        {
            return null;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in workspace.FileSystem.ReadLines(path))
        {
            var colon = line.IndexOf(':');
            if (colon > 0 && line[0] != '#')
            {
                names.Add(line[..colon]);
            }
        }

        return names.Count > 0 ? names : null;
    }
}
