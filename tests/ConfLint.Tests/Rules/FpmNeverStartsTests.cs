using ConfLint.Configuration;
using ConfLint.Diagnostics;
using ConfLint.Linting;
using ConfLint.Tests.Support;
using ConfLint.Workspace;

namespace ConfLint.Tests.Rules;

/// <summary>
/// A PHP-FPM master that never starts (FpmNeverStarts): a pool naming in <c>user</c>, <c>group</c>, <c>listen.owner</c> or
/// <c>listen.group</c> an account the root's files lack, with the master started as root. php-fpm8.2, as root, says
/// "[pool app] cannot get uid for user 'www-dta'" (listen.owner: the same with ": Success (0)"; group and listen.group:
/// "cannot get gid for group"), then "FPM initialization failed", with <c>-t</c> and with <c>-F</c>: no pool of it runs.
/// CL000 says so; CL003 (socket permissions), CL007 (restart policy), CL008 (max_children) and CL011 (max_requests) leave
/// that master's pools alone and --verbose says why. Without the root's passwd file nothing is proven, and the rules judge
/// the pools as before.
/// </summary>
public sealed class FpmNeverStartsTests
{
    private const string Passwd = "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\napp:x:1001:1001::/home/app:/bin/bash\n";
    private const string Group = "root:x:0:\nwww-data:x:33:\napp:x:1001:\n";

    /// <summary>nginx as www-data in front of pool 'app' of PHP 8.3 (socket /run/php/app.sock, app's alone: mode 0600, which
    /// www-data cannot connect to: CL003), one child on a 16 GB host (CL008), no pm.max_requests (CL011), started as root by
    /// an enabled unit with no Restart= (CL007); <paramref name="accounts"/> replaces the pool's account lines.</summary>
    private static TempTree Tree(string accounts, bool passwd = true)
    {
        var tree = new TempTree()
            .Write("etc/group", Group)
            .Write("proc/meminfo", "MemTotal:       16303412 kB\nMemFree:        12000000 kB\n")
            .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n")
            .Write("etc/nginx/sites-enabled/app", "server {\n    listen 80;\n    root /var/www/app/public;\n    location ~ \\.php$ {\n        fastcgi_pass unix:/run/php/app.sock;\n    }\n}\n")
            .Write("etc/php/8.3/fpm/php.ini", "[PHP]\nmemory_limit = 128M\n")
            .Write("etc/php/8.3/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.3-fpm.pid\ninclude=/etc/php/8.3/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.3/fpm/pool.d/app.conf", $"[app]\n{accounts}\nlisten = /run/php/app.sock\nlisten.mode = 0600\npm = static\npm.max_children = 1\n")
            .Write("lib/systemd/system/php8.3-fpm.service", "[Service]\nType=notify\nExecStart=/usr/sbin/php-fpm8.3 --nodaemonize --fpm-config /etc/php/8.3/fpm/php-fpm.conf\nRuntimeDirectory=php\n\n[Install]\nWantedBy=multi-user.target\n")
            .Link("etc/systemd/system/multi-user.target.wants/php8.3-fpm.service", "/lib/systemd/system/php8.3-fpm.service");
        if (passwd)
        {
            tree.Write("etc/passwd", Passwd);
        }

        return tree;
    }

    private static (List<Diagnostic> Findings, List<string> Notes) Lint(TempTree tree)
    {
        var result = Linter.Run(WorkspaceLoader.Load(new LoadOptions { Root = tree.Root }), ConfLintConfig.Empty, RuleSelection.Parse("CL000,CL003,CL007,CL008,CL011", null));
        // CL011 is info: kept beside the warnings and errors.
        return (result.Diagnostics.Where(d => d.Severity >= Severity.Warning || d.Code == "CL011").ToList(), result.Notes.ToList());
    }

    private static string Codes(List<Diagnostic> findings) => string.Join(",", findings.Select(f => f.Code).Distinct().Order());

    [Fact]
    public void The_same_pool_whose_master_starts_gets_each_rules_finding()
    {
        using var tree = Tree("user = app\ngroup = app\nlisten.owner = app\nlisten.group = app");
        var (findings, _) = Lint(tree);
        Assert.Equal("CL003,CL007,CL008,CL011", Codes(findings));
    }

    [Theory]
    [InlineData("user = www-dta\ngroup = app\nlisten.owner = app\nlisten.group = app", "[pool app] cannot get uid for user 'www-dta'", "user 'www-dta' in user")]
    [InlineData("user = app\ngroup = ap\nlisten.owner = app\nlisten.group = app", "[pool app] cannot get gid for group 'ap'", "group 'ap' in group")]
    [InlineData("user = app\ngroup = app\nlisten.owner = www-dta\nlisten.group = app", "[pool app] cannot get uid for user 'www-dta'", "user 'www-dta' in listen.owner")]
    [InlineData("user = app\ngroup = app\nlisten.owner = app\nlisten.group = www-dta", "[pool app] cannot get gid for group 'www-dta'", "group 'www-dta' in listen.group")]
    public void A_master_that_never_starts_gets_only_its_start_failure(string accounts, string refusal, string named)
    {
        using var tree = Tree(accounts);
        var (findings, notes) = Lint(tree);
        var finding = Assert.Single(findings);
        Assert.Equal(("CL000", Severity.Error, refusal), (finding.Code, finding.Severity, finding.Message));
        foreach (var rule in new[] { "CL003", "CL008", "CL011" })
        {
            Assert.Contains(notes, n => n.Contains($"{rule} did not judge PHP 8.3 pool 'app': its master does not start, so none of its pools runs: PHP 8.3 pool 'app' names {named}", StringComparison.Ordinal));
        }

        Assert.Contains(notes, n => n.Contains($"CL007 did not judge php8.3-fpm.service: the PHP-FPM master it runs does not start", StringComparison.Ordinal) && n.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public void Without_the_roots_passwd_file_nothing_is_proven_and_the_pools_are_judged()
    {
        using var tree = Tree("user = www-dta\ngroup = app\nlisten.owner = app\nlisten.group = app", passwd: false);
        var (findings, notes) = Lint(tree);
        Assert.DoesNotContain(findings, f => f.Code == "CL000");
        Assert.Contains("CL007", Codes(findings), StringComparison.Ordinal);
        Assert.Contains("CL008", Codes(findings), StringComparison.Ordinal);
        Assert.Contains("CL011", Codes(findings), StringComparison.Ordinal);
        Assert.DoesNotContain(notes, n => n.Contains("its master does not start", StringComparison.Ordinal));
    }

    [Fact]
    public void A_master_no_unit_starts_as_root_is_not_judged_by_its_pools_user()
    {
        // Without the unit, nothing shows the master runs as root: an unprivileged php-fpm ignores user and group
        // ("'user' directive is ignored when FPM is not running as root").
        using var tree = Tree("user = www-dta\ngroup = app\nlisten.owner = app\nlisten.group = app");
        File.Delete(Path.Combine(tree.Root, "etc/systemd/system/multi-user.target.wants/php8.3-fpm.service"));
        File.Delete(Path.Combine(tree.Root, "lib/systemd/system/php8.3-fpm.service"));
        var (findings, notes) = Lint(tree);
        Assert.DoesNotContain(findings, f => f.Code == "CL000");
        Assert.DoesNotContain(notes, n => n.Contains("its master does not start", StringComparison.Ordinal));
    }
}
