using ConfLint.Configuration;
using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Io.Sandbox;
using ConfLint.Linting;
using ConfLint.Tests.Support;
using ConfLint.Workspace;

namespace ConfLint.Tests.Host;

/// <summary>
/// Accounts as the root's name service switch gives them to php-fpm's getpwnam/getgrnam (precision round 30, Froxlor):
/// /var/lib/extrausers merged where nsswitch.conf lists <c>extrausers</c>; a name the files lack is unknown, not missing,
/// where it lists a source ConfLint cannot read (ldap, sss, ...); <c>systemd</c> (Debian 12's default) changes nothing.
/// </summary>
public sealed class NssAccountsTests
{
    private const string Passwd = "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n";
    private const string Group = "root:x:0:\nwww-data:x:33:\n";

    /// <summary>nginx as www-data in front of a pool run as web1 whose socket is web1:web1 0660, php-fpm started as root.</summary>
    private static TempTree Tree(string? nsswitch, string? extraPasswd = null, string? extraGroup = null)
    {
        var tree = new TempTree()
            .Write("etc/passwd", Passwd)
            .Write("etc/group", Group)
            .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n")
            .Write("etc/nginx/sites-enabled/shop", "server {\n    listen 80;\n    root /var/www/shop;\n    location ~ \\.php$ {\n        fastcgi_pass unix:/run/php/web1.sock;\n    }\n}\n")
            .Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.2-fpm.pid\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.2/fpm/pool.d/web1.conf", "[web1]\nuser = web1\ngroup = web1\nlisten = /run/php/web1.sock\nlisten.owner = web1\nlisten.group = web1\nlisten.mode = 0660\npm = static\npm.max_children = 2\n")
            .Write("lib/systemd/system/php8.2-fpm.service", "[Service]\nType=notify\nExecStart=/usr/sbin/php-fpm8.2 --nodaemonize --fpm-config /etc/php/8.2/fpm/php-fpm.conf\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n")
            .Link("etc/systemd/system/multi-user.target.wants/php8.2-fpm.service", "/lib/systemd/system/php8.2-fpm.service");
        if (nsswitch is not null)
        {
            tree.Write("etc/nsswitch.conf", nsswitch);
        }

        if (extraPasswd is not null)
        {
            tree.Write("var/lib/extrausers/passwd", extraPasswd);
        }

        if (extraGroup is not null)
        {
            tree.Write("var/lib/extrausers/group", extraGroup);
        }

        return tree;
    }

    private static (List<Diagnostic> Findings, List<string> Notes) Lint(TempTree tree, string codes)
    {
        var result = Linter.Run(WorkspaceLoader.Load(new LoadOptions { Root = tree.Root }), ConfLintConfig.Empty, RuleSelection.Parse(codes, null));
        return (result.Diagnostics.Where(d => d.Severity >= Severity.Warning).ToList(), result.Notes.ToList());
    }

    private const string Extrausers = "passwd:         compat extrausers\ngroup:          compat extrausers\nshadow:         compat extrausers\n";
    private const string Web1 = "web1:x:10000:10000:Baeckerei Sommer:/var/customers/webs/web1/:/bin/false\n";

    [Fact]
    public void A_web_server_in_the_customers_extrausers_group_may_connect_and_the_customer_exists()
    {
        using var tree = Tree(Extrausers, Web1, "web1:x:10000:web1,www-data,froxlorlocal\n");
        var (findings, _) = Lint(tree, "CL000,CL003");
        Assert.Empty(findings);
    }

    [Fact]
    public void A_web_server_outside_the_customers_extrausers_group_is_still_shut_out()
    {
        using var tree = Tree(Extrausers, Web1, "web1:x:10000:web1,froxlorlocal\n");
        var (findings, _) = Lint(tree, "CL000,CL003");
        var finding = Assert.Single(findings);
        Assert.Equal(("CL003", Severity.Error), (finding.Code, finding.Severity));
        Assert.Contains("'www-data'", finding.Message, StringComparison.Ordinal);
        Assert.Contains("is neither the owner nor in group 'web1'", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extrausers_files_are_not_read_where_nsswitch_does_not_list_them()
    {
        // php-fpm's getpwnam does not see /var/lib/extrausers without the module: the account is missing.
        using var tree = Tree("passwd: files\ngroup: files\n", Web1, "web1:x:10000:web1,www-data\n");
        var (findings, _) = Lint(tree, "CL000");
        Assert.Contains(findings, f => f.Message.EndsWith("[pool web1] cannot get uid for user 'web1'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("passwd: files ldap\ngroup: files ldap\n", "ldap")]
    [InlineData("passwd:  sss files systemd\ngroup:   sss files systemd\n", "sss")]
    [InlineData("passwd: compat winbind\ngroup: compat winbind\n", "winbind")]
    public void A_name_a_source_conflint_cannot_read_may_hold_is_unknown_not_missing(string nsswitch, string source)
    {
        using var tree = Tree(nsswitch);
        var (findings, notes) = Lint(tree, "CL000,CL003");
        Assert.Empty(findings);
        Assert.Contains(notes, n => n.Contains("CL003 cannot tell whether 'www-data' is in group 'web1'", StringComparison.Ordinal)
            && n.Contains($"also lists {source}, which ConfLint cannot read", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.Contains("pool 'web1' names user 'web1', not judged", StringComparison.Ordinal)
            && n.Contains($"also lists {source}", StringComparison.Ordinal));
    }

    [Fact]
    public void A_name_the_files_lack_is_missing_where_the_unreadable_source_comes_after_notfound_return()
    {
        using var tree = Tree("passwd: files [NOTFOUND=return] ldap\ngroup: files [NOTFOUND=return] ldap\n");
        var (findings, _) = Lint(tree, "CL000");
        Assert.Contains(findings, f => f.Message.EndsWith("[pool web1] cannot get uid for user 'web1'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("passwd: files\ngroup: files\n")]
    [InlineData("passwd:         files systemd\ngroup:          files systemd\nshadow:         files systemd\n")]
    public void Files_only_and_debians_systemd_default_still_report_a_missing_pool_user_and_leave_its_socket_unjudged(string? nsswitch)
    {
        // The master exits at start on the missing account (CL000), so no socket of its pools exists for CL003 to judge
        // (FpmNeverStarts, precision round 32): --verbose says why.
        using var tree = Tree(nsswitch);
        var (findings, notes) = Lint(tree, "CL000,CL003");
        Assert.Contains(findings, f => f.Code == "CL000" && f.Message.EndsWith("[pool web1] cannot get uid for user 'web1'", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Code == "CL000" && f.Message.EndsWith("[pool web1] cannot get gid for group 'web1'", StringComparison.Ordinal));
        Assert.DoesNotContain(findings, f => f.Code == "CL003");
        Assert.Contains(notes, n => n.Contains("CL003 did not judge", StringComparison.Ordinal) && n.Contains("its master does not start", StringComparison.Ordinal));
    }

    [Fact]
    public void Each_missing_account_is_reported_on_the_line_that_names_it()
    {
        // php-fpm's message names the pool only ("[pool web1] cannot get uid for user 'web1'"): the finding stands on the
        // user, group, listen.owner and listen.group lines, not on the section header (precision round 32, Zabbix's pool).
        using var tree = Tree("passwd: files\ngroup: files\n");
        var (findings, _) = Lint(tree, "CL000");
        var missing = findings.Where(f => f.Code == "CL000" && f.Message.Contains("cannot get", StringComparison.Ordinal)).ToList();
        Assert.All(missing, f => Assert.EndsWith("pool.d/web1.conf", f.Location.Path, StringComparison.Ordinal));
        Assert.Equal([(2, 1), (3, 1), (5, 1), (6, 1)], missing.Select(f => (f.Location.Start.Line, f.Location.Start.Column)).Order().ToList());
    }

    [Fact]
    public void Compat_plus_entries_pull_accounts_from_nis()
    {
        using var tree = new TempTree()
            .Write("etc/nsswitch.conf", "passwd: compat\ngroup: compat\n")
            .Write("etc/passwd", Passwd + "+::::::\n")
            .Write("etc/group", Group);
        var fs = new RootedFileSystem(tree.Root);
        var passwd = NssDatabase.Read(fs, "passwd");
        Assert.Equal(["nis"], passwd.Unread);
        Assert.DoesNotContain(passwd.Entries, e => e.StartsWith('+'));
        Assert.True(NssDatabase.Read(fs, "group").IsComplete);
    }

    [Fact]
    public void Extrausers_entries_come_in_nsswitch_order_and_the_first_entry_of_a_name_wins()
    {
        using var tree = new TempTree()
            .Write("etc/nsswitch.conf", "# comment\npasswd: extrausers files\ngroup: files extrausers # trailing\n")
            .Write("etc/passwd", Passwd)
            .Write("etc/group", Group + "web1:x:500:\n")
            .Write("var/lib/extrausers/passwd", Web1)
            .Write("var/lib/extrausers/group", "web1:x:10000:www-data\n");
        var fs = new RootedFileSystem(tree.Root);
        Assert.Equal(["/var/lib/extrausers/passwd", "/etc/passwd"], NssDatabase.Read(fs, "passwd").Files);
        var accounts = HostAccounts.Read(fs);
        Assert.Equal("/var/customers/webs/web1", accounts.Home("web1"));
        Assert.False(accounts.IsMember("www-data", "web1"));
        Assert.True(accounts.HasUser("web1"));
        Assert.False(accounts.HasUser("web9"));
    }

    [Fact]
    public void The_verifiers_sandbox_gets_the_merged_files_and_makes_up_only_what_an_unreadable_source_may_hold()
    {
        using var extrausers = Tree(Extrausers, Web1, "web1:x:10000:web1,www-data\n");
        var (passwd, group, made) = Stage(extrausers);
        Assert.Contains("web1:x:10000:10000:", passwd, StringComparison.Ordinal);
        Assert.Contains("web1:x:10000:web1,www-data", group, StringComparison.Ordinal);
        Assert.Empty(made);

        using var ldap = Tree("passwd: files ldap\ngroup: files ldap\n");
        (passwd, group, made) = Stage(ldap);
        Assert.Contains("\nweb1:x:", passwd, StringComparison.Ordinal);
        Assert.Contains("\nweb1:x:", group, StringComparison.Ordinal);
        Assert.Equal(["web1"], made);

        using var files = Tree("passwd: files systemd\ngroup: files systemd\n");
        (passwd, _, made) = Stage(files);
        Assert.Equal(Passwd, passwd);
        Assert.Empty(made);
    }

    private static (string Passwd, string Group, IReadOnlyList<string> Made) Stage(TempTree tree)
    {
        var workspace = WorkspaceLoader.Load(new LoadOptions { Root = tree.Root });
        using var stage = StagedTree.Create("nss-test");
        var made = SandboxAccounts.Stage(workspace.FileSystem, [workspace], new Dictionary<string, string>(), [stage], out _);
        return (File.ReadAllText(Path.Combine(stage.TreePath, "etc/passwd")), File.ReadAllText(Path.Combine(stage.TreePath, "etc/group")), made);
    }
}
