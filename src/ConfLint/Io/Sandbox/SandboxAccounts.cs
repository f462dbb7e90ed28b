using System.Text;
using ConfLint.Host;
using ConfLint.Syntax;
using ConfLint.Syntax.Apache;
using ConfLint.Syntax.Haproxy;
using ConfLint.Syntax.Nginx;
using ConfLint.Syntax.PhpFpm;
using ConfLint.Workspace;

namespace ConfLint.Io.Sandbox;

/// <summary>
/// The account and name-service files of the sandbox's <c>/etc</c>, never this machine's: the daemons look users
/// and groups up (<c>listen.owner</c>, Apache's <c>User</c>) while checking. The tree's own <c>etc/passwd</c> and
/// <c>etc/group</c> are used when it has them (a live root's are its own); otherwise a minimal Debian set is made
/// (root, daemon, bin, sys, www-data, nobody/nogroup) plus every user and group the configuration names, and the
/// verdict says which were made up. <c>nsswitch.conf</c> always says <c>files</c> (a tree's could name a library
/// to load), so the tree's own files are given as its NSS gives them to the daemons (<see cref="NssDatabase"/>): with
/// libnss-extrausers' <c>/var/lib/extrausers</c> entries merged where its nsswitch.conf lists <c>extrausers</c>, and,
/// where it lists a source that cannot be read (ldap, sss, ...), the names the configuration uses that the files lack
/// made up (said in the verdict): the host may well have them. <c>/etc/hosts</c> is the tree's or localhost only;
/// password hashes are never staged.
/// </summary>
internal static class SandboxAccounts
{
    private static readonly string[] BaseUsers = ["root:0", "daemon:1", "bin:2", "sys:3", "www-data:33", "nobody:65534"];
    private static readonly string[] BaseGroups = ["root:0", "daemon:1", "bin:2", "sys:3", "adm:4", "www-data:33", "nogroup:65534"];

    /// <summary>Writes the files into the stages; returns the names made up (empty when the tree had its own, and
    /// its NSS reads nothing the check cannot), and in <paramref name="unread"/> the sources that could not be read.</summary>
    public static IReadOnlyList<string> Stage(RootedFileSystem tree, IEnumerable<ConfigWorkspace> workspaces, IReadOnlyDictionary<string, string> apacheEnvironment, IReadOnlyList<StagedTree> stages, out IReadOnlyList<string> unread)
    {
        var made = new List<string>();
        var (users, groups) = NamedAccounts(workspaces, apacheEnvironment);
        var passwdNss = tree.Root is null ? null : NssDatabase.Read(tree, "passwd");
        var groupNss = tree.Root is null ? null : NssDatabase.Read(tree, "group");
        unread = [.. (passwdNss?.Unread ?? []).Union(groupNss?.Unread ?? [], StringComparer.Ordinal)];
        var passwd = Own(tree, passwdNss, users, made, (name, id) => $"{name}:x:{id}:{id}:{name}:/nonexistent:/usr/sbin/nologin")
            ?? Synthesize(BaseUsers, users, made, (name, id) => $"{name}:x:{id}:{id}:{name}:/nonexistent:/usr/sbin/nologin");
        var group = Own(tree, groupNss, groups.Concat(users), made, (name, id) => $"{name}:x:{id}:")
            ?? Synthesize(BaseGroups, groups.Concat(users), made, (name, id) => $"{name}:x:{id}:");
        var hosts = Own(tree, "/etc/hosts") ?? "127.0.0.1\tlocalhost conflint-verify\n::1\tlocalhost ip6-localhost\n";
        foreach (var stage in stages)
        {
            stage.AddFile("/etc/passwd", Encoding.UTF8.GetBytes(passwd), 0x1A4, replace: true);
            stage.AddFile("/etc/group", Encoding.UTF8.GetBytes(group), 0x1A4, replace: true);
            stage.AddFile("/etc/hosts", Encoding.UTF8.GetBytes(hosts), 0x1A4, replace: true);
            stage.AddFile("/etc/nsswitch.conf", "passwd: files\ngroup: files\nshadow: files\nhosts: files\n"u8.ToArray(), 0x1A4, replace: true);
        }

        return made.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The tree's own database as its NSS gives it (null without its /etc file, or when too large): its files'
    /// entries in order, then, where a source the check cannot read may hold them, the named accounts they lack.</summary>
    private static string? Own(RootedFileSystem tree, NssDatabase? nss, IEnumerable<string> named, List<string> made, Func<string, int, string> line)
    {
        if (nss is null || Own(tree, $"/etc/{nss.Database}") is not { } primary)
        {
            return null;
        }

        if (nss.Files.Count == 1 && nss.IsComplete)
        {
            return primary;
        }

        var text = new StringBuilder();
        foreach (var entry in nss.Entries)
        {
            text.Append(entry).Append('\n');
        }

        if (!nss.IsComplete)
        {
            var known = nss.Names();
            var next = 60000;
            foreach (var name in named.Where(IsAccountName).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                if (known.Add(name))
                {
                    made.Add(name);
                    text.Append(line(name, next++)).Append('\n');
                }
            }
        }

        return text.Length <= 1_000_000 ? text.ToString() : null;
    }

    private static string? Own(RootedFileSystem tree, string path)
    {
        if (!tree.FileExists(path))
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(tree.ReadAllBytes(path));
            return text.Length <= 1_000_000 ? text : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Synthesize(string[] baseAccounts, IEnumerable<string> named, List<string> made, Func<string, int, string> line)
    {
        var text = new StringBuilder();
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in baseAccounts)
        {
            var (name, id) = (entry[..entry.IndexOf(':')], int.Parse(entry[(entry.IndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
            known.Add(name);
            text.Append(line(name, id)).Append('\n');
        }

        var next = 2000;
        foreach (var name in named.Where(IsAccountName).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (known.Add(name))
            {
                made.Add(name);
                text.Append(line(name, next++)).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>A name as useradd accepts it (nothing that could break a line of passwd).</summary>
    private static bool IsAccountName(string name) =>
        name.Length is > 0 and <= 32 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');

    /// <summary>Users and groups the configuration names: nginx <c>user</c>, PHP-FPM <c>user</c>, <c>group</c>,
    /// <c>listen.owner</c>, <c>listen.group</c>, <c>listen.acl_users</c>, <c>listen.acl_groups</c>, Apache <c>User</c>, <c>Group</c>, HAProxy <c>user</c>, <c>group</c>.</summary>
    private static (List<string> Users, List<string> Groups) NamedAccounts(IEnumerable<ConfigWorkspace> workspaces, IReadOnlyDictionary<string, string> apacheEnvironment)
    {
        var users = new List<string>();
        var groups = new List<string>();
        foreach (var file in workspaces.SelectMany(w => w.Files).Where(f => f.Tree is not null))
        {
            switch (file.Tree!.Root)
            {
                case NginxConfigFile nginx:
                    foreach (var directive in nginx.Directives.Where(d => d.Name == "user"))
                    {
                        users.AddRange(directive.Args.Take(1));
                        groups.AddRange(directive.Args.Skip(1).Take(1));
                    }

                    break;
                case PhpFpmConfigFile pool:
                    foreach (var entry in pool.AllEntries())
                    {
                        var values = entry.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                        switch (entry.Key)
                        {
                            case "user" or "listen.owner" or "listen.acl_users":
                                users.AddRange(values);
                                break;
                            case "group" or "listen.group" or "listen.acl_groups":
                                groups.AddRange(values);
                                break;
                        }
                    }

                    break;
                case HaproxyConfigFile haproxy:
                    foreach (var section in haproxy.Sections.Where(s => s.Kind == "global"))
                    {
                        foreach (var line in section.Lines.Where(l => l.Modifier is null && l.KeywordArgs.Count > 0))
                        {
                            (line.Keyword == "user" ? users : line.Keyword == "group" ? groups : null)?.Add(line.KeywordArgs[0]);
                        }
                    }

                    break;
                case ApacheConfigFile apache:
                    foreach (var item in apache.DescendantItems().Where(i => i.Args.Count > 0))
                    {
                        var value = ApacheVariables.Expand(item.Args[0], apacheEnvironment);
                        if (item.IsNamed("User"))
                        {
                            users.Add(value);
                        }
                        else if (item.IsNamed("Group"))
                        {
                            groups.Add(value);
                        }
                    }

                    break;
            }
        }

        return (users, groups);
    }
}
