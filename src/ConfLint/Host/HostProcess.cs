using ConfLint.Workspace;

namespace ConfLint.Host;

/// <summary>
/// The first process of the root, when the root shows it (<c>/proc/1/status</c> and <c>/proc/1/cmdline</c>): in a
/// container, the image's entry point running as the image's <c>USER</c>; everything it starts runs as that user unless
/// it is root. Read under <c>--root</c> only.
/// </summary>
public sealed record HostProcess(string Name, string Uid, string Gid, string CommandLine)
{
    public static HostProcess? Read(RootedFileSystem fs)
    {
        if (fs.Root is null)
        {
            return null;
        }

        string? name = null, uid = null, gid = null;
        foreach (var line in fs.ReadLines("/proc/1/status"))
        {
            var fields = line.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            switch (fields)
            {
                case ["Name:", var n, ..]:
                    name = n;
                    break;

                // Real, effective, saved, file system: the effective one decides permissions.
                case ["Uid:", _, var effective, ..]:
                    uid = effective;
                    break;
                case ["Gid:", _, var effective, ..]:
                    gid = effective;
                    break;
            }
        }

        if (uid is null || uid.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            return null;
        }

        var commandLine = string.Join(' ', fs.ReadLines("/proc/1/cmdline").SelectMany(l => l.Split('\0', StringSplitOptions.RemoveEmptyEntries)));
        return new HostProcess(name ?? "?", uid, gid ?? uid, commandLine);
    }

    /// <summary>As a <see cref="RunAs"/>, named through /etc/passwd and /etc/group where they have the ids.</summary>
    public RunAs Identity(HostAccounts accounts)
    {
        var user = Uid == "0" ? "root" : accounts.UserName(Uid) ?? Uid;
        var group = Gid == "0" ? "root" : accounts.GroupName(Gid) ?? Gid;
        return new RunAs(user, group, $"the user of the root's first process, {Name} (proc/1/status)", true);
    }
}
