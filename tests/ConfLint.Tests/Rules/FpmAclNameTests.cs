using ConfLint.Configuration;
using ConfLint.Diagnostics;
using ConfLint.Linting;
using ConfLint.Tests.Support;
using ConfLint.Workspace;

namespace ConfLint.Tests.Rules;

/// <summary>
/// An ACL name no account has (precision round 31, Snipe-IT): <c>listen.acl_users = www_data</c> for www-data. php-fpm
/// looks each name of listen.acl_users and listen.acl_groups up with getpwnam/getgrnam when it creates the pool's Unix
/// socket (fpm_unix.c, fpm_unix_resolve_socket_permissions), cut at each comma with nothing trimmed; an unknown one ends the
/// master's start ("[pool app] cannot get uid for user 'www_data'", "FPM initialization failed") though php-fpm -t passes
/// (checked with php-fpm8.2, also for ' nobody', '33' and a trailing comma). CL000 says so, with the one account a typo
/// fits put in its place (unsafe); CL003 does not judge the sockets of a master that never creates them, and never adds the
/// web server's name beside an unknown one as if that were enough.
/// </summary>
public sealed class FpmAclNameTests
{
    private const string Passwd = "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\napp:x:1001:1001::/home/app:/bin/bash\n";
    private const string Group = "root:x:0:\nwww-data:x:33:\napp:x:1001:\n";

    /// <summary>nginx as www-data in front of pool 'app' (socket /run/php/app.sock, ACL <paramref name="acl"/>) and a
    /// second pool 'www' of the same PHP 8.3 master, started as root by its enabled unit.</summary>
    private static TempTree Tree(string acl, string listen = "/run/php/app.sock", string? nsswitch = null, string passwd = Passwd)
    {
        var tree = new TempTree()
            .Write("etc/passwd", passwd)
            .Write("etc/group", Group)
            .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n")
            .Write("etc/nginx/sites-enabled/app", $"server {{\n    listen 80;\n    root /var/www/app/public;\n    location ~ \\.php$ {{\n        fastcgi_pass {(listen.StartsWith('/') ? "unix:" + listen : listen)};\n    }}\n    location /www/ {{\n        fastcgi_pass unix:/run/php/php8.3-fpm.sock;\n    }}\n}}\n")
            .Write("etc/php/8.3/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.3-fpm.pid\ninclude=/etc/php/8.3/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.3/fpm/pool.d/app.conf", $"[app]\nuser = app\ngroup = app\nlisten = {listen}\nlisten.owner = app\nlisten.group = app\nlisten.mode = 0660\n{acl}\npm = static\npm.max_children = 2\npm.max_requests = 500\n")
            .Write("etc/php/8.3/fpm/pool.d/www.conf", "[www]\nuser = www-data\ngroup = www-data\nlisten = /run/php/php8.3-fpm.sock\nlisten.owner = www-data\nlisten.group = www-data\nlisten.mode = 0660\npm = static\npm.max_children = 2\npm.max_requests = 500\n")
            .Write("lib/systemd/system/php8.3-fpm.service", "[Service]\nType=notify\nExecStart=/usr/sbin/php-fpm8.3 --nodaemonize --fpm-config /etc/php/8.3/fpm/php-fpm.conf\nRestart=on-failure\nRuntimeDirectory=php\n\n[Install]\nWantedBy=multi-user.target\n")
            .Link("etc/systemd/system/multi-user.target.wants/php8.3-fpm.service", "/lib/systemd/system/php8.3-fpm.service");
        if (nsswitch is not null)
        {
            tree.Write("etc/nsswitch.conf", nsswitch);
        }

        return tree;
    }

    private static (List<Diagnostic> Findings, List<string> Notes) Lint(TempTree tree)
    {
        var result = Linter.Run(WorkspaceLoader.Load(new LoadOptions { Root = tree.Root }), ConfLintConfig.Empty, RuleSelection.Parse("CL000,CL003", null));
        return (result.Diagnostics.Where(d => d.Severity >= Severity.Warning).ToList(), result.Notes.ToList());
    }

    [Fact]
    public void An_acl_user_no_account_has_is_the_masters_start_failure_not_a_refused_connect()
    {
        using var tree = Tree("listen.acl_users = www_data");
        var (findings, notes) = Lint(tree);
        var finding = Assert.Single(findings);
        Assert.Equal(("CL000", Severity.Warning, "[pool app] cannot get uid for user 'www_data'"), (finding.Code, finding.Severity, finding.Message));
        Assert.Equal(8, finding.Location.Start.Line);
        Assert.Contains(finding.Related, r => r.Message.Contains("php-fpm -t passes", StringComparison.Ordinal) && r.Message.Contains("every pool of it is down", StringComparison.Ordinal));

        // The one account one edit away takes the name's place, for review: no append that keeps the unknown name.
        var fix = finding.Fix!;
        Assert.Equal(Applicability.Unsafe, fix.Applicability);
        Assert.Equal("www-data", Assert.Single(fix.Edits).Edit.NewText);
        Assert.Contains("Replace 'www_data' with 'www-data'", fix.Title, StringComparison.Ordinal);

        // Neither the pool's socket nor its sibling's is judged: the master creates none of them.
        Assert.Contains(notes, n => n.Contains("CL003 did not judge PHP 8.3 pool 'app': its master does not start", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.Contains("CL003 did not judge PHP 8.3 pool 'www': its master does not start, so none of its pools runs: PHP 8.3 pool 'app' names user 'www_data'", StringComparison.Ordinal));
    }

    [Fact]
    public void An_acl_group_no_group_has_is_reported_with_getgrnams_words()
    {
        using var tree = Tree("listen.acl_groups = www_data");
        var (findings, _) = Lint(tree);
        var finding = Assert.Single(findings);
        Assert.Equal("[pool app] cannot get gid for group 'www_data'", finding.Message);
        Assert.Equal("www-data", Assert.Single(finding.Fix!.Edits).Edit.NewText);
    }

    [Theory]
    [InlineData("listen.acl_users = app, www-data", "' www-data'", "app,www-data")]
    [InlineData("listen.acl_users = www-data,33", "'33'", null)]
    [InlineData("listen.acl_users = www-data,", "''", null)]
    public void Names_are_cut_at_commas_with_nothing_trimmed_and_taken_as_names(string acl, string named, string? fixedValue)
    {
        using var tree = Tree(acl);
        var (findings, _) = Lint(tree);
        var finding = Assert.Single(findings);
        Assert.Equal($"[pool app] cannot get uid for user {named}", finding.Message);
        if (fixedValue is null)
        {
            Assert.Equal(Applicability.DisplayOnly, finding.Fix!.Applicability);
            Assert.Empty(finding.Fix.Edits);
        }
        else
        {
            Assert.Equal(fixedValue, Assert.Single(finding.Fix!.Edits).Edit.NewText);
        }
    }

    [Fact]
    public void A_typo_of_an_account_the_list_holds_already_is_removed_not_doubled()
    {
        // Two entries for one account make acl_valid refuse the ACL ("failed to write the ACL of the socket").
        using var tree = Tree("listen.acl_users = www-data,www_data");
        var (findings, _) = Lint(tree);
        var fix = Assert.Single(findings).Fix!;
        Assert.Equal("www-data", Assert.Single(fix.Edits).Edit.NewText);
        Assert.StartsWith("Remove 'www_data'", fix.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_exactly_one_account_one_edit_away_the_fix_is_advice()
    {
        using var tree = Tree("listen.acl_users = app9", passwd: Passwd + "app1:x:1002:1001::/home/app1:/bin/sh\n");
        var (findings, _) = Lint(tree);
        var fix = Assert.Single(findings).Fix!;
        Assert.Equal(Applicability.DisplayOnly, fix.Applicability);
        Assert.Contains("'app', 'app1' are one edit away", fix.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pool_on_tcp_makes_no_acl_and_looks_no_name_up()
    {
        using var tree = Tree("listen.acl_users = www_data", listen: "127.0.0.1:9001");
        var (findings, _) = Lint(tree);
        Assert.DoesNotContain(findings, f => f.Code == "CL000");
    }

    [Fact]
    public void A_name_an_unread_source_may_hold_is_unknown_and_the_web_servers_name_is_added_only_for_review()
    {
        using var tree = Tree("listen.acl_users = www_data", nsswitch: "passwd: files ldap\ngroup: files ldap\n");
        var (findings, notes) = Lint(tree);
        Assert.DoesNotContain(findings, f => f.Code == "CL000");
        Assert.Contains(notes, n => n.Contains("pool 'app' names user 'www_data' in listen.acl_users, not judged", StringComparison.Ordinal) && n.Contains("ldap", StringComparison.Ordinal));
        var socket = Assert.Single(findings, f => f.Code == "CL003");
        Assert.Equal(Applicability.Unsafe, socket.Fix!.Applicability);
        Assert.Contains("it keeps 'www_data'", socket.Fix.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Known_names_leave_the_judgement_to_cl003_as_before()
    {
        using var tree = Tree("listen.acl_users = app");
        var (findings, _) = Lint(tree);
        var finding = Assert.Single(findings);
        Assert.Equal(("CL003", Applicability.Safe), (finding.Code, finding.Fix!.Applicability));
        Assert.Contains("Add www-data to listen.acl_users", finding.Fix.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void After_the_unsafe_fix_the_master_starts_and_nothing_is_left()
    {
        using var tree = Tree("listen.acl_users = www_data");
        var fix = CliRunner.Run(["fix", "--root", tree.Root, "--unsafe-fixes"]);
        Assert.True(fix.ExitCode is 0 or 1, fix.Stderr);
        Assert.Contains("listen.acl_users = www-data\n", File.ReadAllText(Path.Combine(tree.Root, "etc/php/8.3/fpm/pool.d/app.conf")), StringComparison.Ordinal);
        var (findings, _) = Lint(tree);
        Assert.Empty(findings);
    }
}
