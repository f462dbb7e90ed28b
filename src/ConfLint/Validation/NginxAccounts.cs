using ConfLint.Syntax.Nginx;
using ConfLint.Workspace;

namespace ConfLint.Validation;

/// <summary>
/// nginx's <c>user</c> directive (ngx_set_user): a master running as root looks the user up (getpwnam) and the group,
/// which is the user's own name when none is given (getgrnam), when it reads the line. Judged only where the root shows
/// both: a systemd unit that starts nginx without <c>User=</c> (or as root), and the root's <c>/etc/passwd</c> and
/// <c>/etc/group</c> (with what else NSS reads there, <see cref="Host.NssDatabase"/>; a name they lack where nsswitch.conf
/// lists a source ConfLint cannot read is not judged); otherwise not (an nginx run as another user ignores the directive). Only in the main file such a
/// unit loads (its <c>-c</c>, else the default of the package's layout): another nginx.conf in the root, such as one a
/// Compose file mounts into an nginx image, is read against that image's accounts, which the root does not show.
/// </summary>
internal sealed class NginxAccounts
{
    private readonly FpmHost.Accounts? _users;
    private readonly FpmHost.Accounts? _groups;
    private readonly HashSet<string> _mainFiles;

    private NginxAccounts(FpmHost.Accounts? users, FpmHost.Accounts? groups, HashSet<string> mainFiles)
    {
        _users = users;
        _groups = groups;
        _mainFiles = mainFiles;
    }

    public static NginxAccounts? For(ConfigWorkspace workspace)
    {
        var mainFiles = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (unit, command) in FpmHost.ServiceCommands(workspace, mention: "nginx"))
        {
            if (command.ProgramName == "nginx" && FpmHost.StartsAsRoot(unit) && MainFile(command) is { } main)
            {
                mainFiles.Add(RootedFileSystem.Normalize(main));
            }
        }

        return mainFiles.Count > 0 ? new NginxAccounts(FpmHost.Accounts.Read(workspace, "passwd"), FpmHost.Accounts.Read(workspace, "group"), mainFiles) : null;
    }

    /// <summary>The main file the command loads: its <c>-c</c> when absolute (a relative one is the prefix's: not
    /// judged), else the configure default of the binary's layout (<c>PREFIX/conf/nginx.conf</c> for a build under its
    /// own prefix such as /usr/local/nginx/sbin/nginx, <c>/etc/nginx/nginx.conf</c> for the distributions' packages).</summary>
    private static string? MainFile(Syntax.Systemd.SystemdCommand command)
    {
        if (command.OptionValues("-c").Select(w => w.Value).LastOrDefault() is { } option)
        {
            return option.StartsWith('/') ? option : null;
        }

        var program = command.Executable.Value;
        var sbin = program.EndsWith("/sbin/nginx", StringComparison.Ordinal) ? program[..^"/sbin/nginx".Length] : null;
        return sbin is null or "" or "/usr" or "/usr/local" ? "/etc/nginx/nginx.conf" : sbin + "/conf/nginx.conf";
    }

    /// <summary>nginx's words for a <c>user</c> line whose account or group the root surely lacks, or null, for a line
    /// read as part of the main file <paramref name="main"/>.</summary>
    public string? Problem(NginxDirective directive, ConfigFile main)
    {
        if (!_mainFiles.Contains(RootedFileSystem.Normalize(main.ServerPath)))
        {
            return null;
        }

        var args = directive.Args;
        if (args.Count is < 1 or > 2 || args.Any(a => a.Contains('$', StringComparison.Ordinal)))
        {
            return null;
        }

        if (_users is not null && _users.Lacks(args[0]))
        {
            return $"getpwnam(\"{args[0]}\") failed";
        }

        var group = args.Count == 2 ? args[1] : args[0];
        return _groups is not null && _groups.Lacks(group) ? $"getgrnam(\"{group}\") failed" : null;
    }
}
