using ConfLint.Syntax.Nginx;
using ConfLint.Workspace;

namespace ConfLint.Validation;

/// <summary>
/// nginx's <c>user</c> directive (ngx_set_user): a master running as root looks the user up (getpwnam) and the group,
/// which is the user's own name when none is given (getgrnam), when it reads the line. Judged only where the root shows
/// both: a systemd unit that starts nginx without <c>User=</c> (or as root), and the root's <c>/etc/passwd</c> and
/// <c>/etc/group</c>; otherwise not (an nginx run as another user ignores the directive).
/// </summary>
internal sealed class NginxAccounts
{
    private readonly HashSet<string>? _users;
    private readonly HashSet<string>? _groups;

    private NginxAccounts(HashSet<string>? users, HashSet<string>? groups)
    {
        _users = users;
        _groups = groups;
    }

    public static NginxAccounts? For(ConfigWorkspace workspace)
    {
        var root = FpmHost.ServiceCommands(workspace, mention: "nginx").Any(s => s.Command.ProgramName == "nginx" && FpmHost.StartsAsRoot(s.Unit));
        return root ? new NginxAccounts(FpmHost.Names(workspace, "/etc/passwd"), FpmHost.Names(workspace, "/etc/group")) : null;
    }

    /// <summary>nginx's words for a <c>user</c> line whose account or group the root surely lacks, or null.</summary>
    public string? Problem(NginxDirective directive)
    {
        var args = directive.Args;
        if (args.Count is < 1 or > 2 || args.Any(a => a.Contains('$', StringComparison.Ordinal)))
        {
            return null;
        }

        if (_users is not null && !_users.Contains(args[0]))
        {
            return $"getpwnam(\"{args[0]}\") failed";
        }

        var group = args.Count == 2 ? args[1] : args[0];
        return _groups is not null && !_groups.Contains(group) ? $"getgrnam(\"{group}\") failed" : null;
    }
}
