using ConfLint.Host.PhpFpm;
using ConfLint.Tests.Host;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Workspace;

/// <summary>A Debian PHP version removed but not purged (<c>apt remove php8.1-fpm</c>: conffiles kept, unit file gone, the
/// name masked by debhelper's postrm) is no running PHP-FPM; the same folders in a repository tree, or a version some
/// other program starts, are read as before.</summary>
public class LeftoverPhpTests
{
    private const string Site = "events {}\nhttp {\n    server {\n        listen 80;\n        location ~ \\.php$ {\n            fastcgi_pass unix:{0};\n        }\n    }\n}\n";

    private const string Unit = "[Unit]\nDescription=The PHP {0} FastCGI Process Manager\n\n[Service]\nType=notify\nExecStart=/usr/sbin/php-fpm{0} --nodaemonize --fpm-config /etc/php/{0}/fpm/php-fpm.conf\n\n[Install]\nWantedBy=multi-user.target\n";

    private const string LeftoverNote = "etc/php/8.1/fpm: leftover configuration of a removed package (php8.1-fpm.service is masked): not read as running";

    /// <summary>PHP 8.1's and 8.3's Debian folders, each with its www pool on <paramref name="socket81"/> and
    /// <paramref name="socket83"/>, and nginx passing PHP to <paramref name="target"/>.</summary>
    private static TempTree Tree(string target = "/run/php/php8.1-fpm.sock", string socket81 = "/run/php/php8.1-fpm.sock", string socket83 = "/run/php/php8.3-fpm.sock")
    {
        var tree = new TempTree().Write("etc/nginx/nginx.conf", Site.Replace("{0}", target, StringComparison.Ordinal));
        foreach (var (version, socket) in new[] { ("8.1", socket81), ("8.3", socket83) })
        {
            tree.Write($"etc/php/{version}/fpm/php-fpm.conf", $"[global]\npid = /run/php/php{version}-fpm.pid\ninclude=/etc/php/{version}/fpm/pool.d/*.conf\n")
                .Write($"etc/php/{version}/fpm/pool.d/www.conf", $"[www]\nuser = www-data\ngroup = www-data\nlisten = {socket}\nlisten.owner = www-data\nlisten.group = www-data\npm = dynamic\npm.max_children = 5\npm.start_servers = 2\npm.min_spare_servers = 1\npm.max_spare_servers = 3\n");
        }

        return tree;
    }

    /// <summary>What the release upgrade leaves: 8.3's unit installed, 8.1's masked and its enablement link dangling.</summary>
    private static TempTree Upgraded(TempTree tree) =>
        tree.Write("lib/systemd/system/php8.3-fpm.service", Unit.Replace("{0}", "8.3", StringComparison.Ordinal))
            .Link("etc/systemd/system/multi-user.target.wants/php8.3-fpm.service", "/lib/systemd/system/php8.3-fpm.service")
            .Link("etc/systemd/system/multi-user.target.wants/php8.1-fpm.service", "/lib/systemd/system/php8.1-fpm.service");

    private static string[] Versions(TempTree tree) => HostTrees.Model(tree).PhpInstalls.Select(i => i.Version!).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void A_masked_version_is_no_listener_and_the_site_pointing_at_it_is_reported()
    {
        using var tree = Upgraded(Tree()).Link("etc/systemd/system/php8.1-fpm.service", "/dev/null");
        var host = HostTrees.Model(tree);
        Assert.Equal(["8.3"], host.PhpInstalls.Select(i => i.Version));
        Assert.DoesNotContain(host.BackEndsOf<FpmPool>(), p => p.Install.Version == "8.1");

        var output = CliRunner.Run("lint", "--root", tree.Root, "--verbose");
        var text = output.Stdout + output.Stderr;
        Assert.Contains("error CL001", text, StringComparison.Ordinal);
        Assert.Contains("fastcgi_pass unix:/run/php/php8.1-fpm.sock: no PHP-FPM pool listens there", text, StringComparison.Ordinal);
        Assert.Contains("Point fastcgi_pass at unix:/run/php/php8.3-fpm.sock", text, StringComparison.Ordinal);
        // Said once, for the folder; nothing is anchored on the leftover's files.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, System.Text.RegularExpressions.Regex.Escape(LeftoverNote)));
        Assert.DoesNotContain("etc/php/8.1/fpm/pool.d/www.conf:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("PHP 8.1", text, StringComparison.Ordinal);
        // The masked unit is not a service to restart.
        Assert.DoesNotContain("php8.1-fpm.service' runs", text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_unit_file_masks_too()
    {
        using var tree = Upgraded(Tree()).Write("etc/systemd/system/php8.1-fpm.service", string.Empty);
        Assert.Equal(["8.3"], Versions(tree));
    }

    [Fact]
    public void A_mask_in_run_counts_and_an_administrators_mask_of_an_installed_package_is_named_as_such()
    {
        using var tree = Upgraded(Tree())
            .Write("lib/systemd/system/php8.1-fpm.service", Unit.Replace("{0}", "8.1", StringComparison.Ordinal))
            .Link("run/systemd/system/php8.1-fpm.service", "/dev/null");
        Assert.Equal(["8.3"], Versions(tree));
        var output = CliRunner.Run("lint", "--root", tree.Root, "--verbose", "--select", "CL001");
        Assert.Contains("etc/php/8.1/fpm: php8.1-fpm.service is masked, so systemd does not start it: not read as running", output.Stdout + output.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_unit_beside_the_other_versions_installed_unit_is_a_leftover()
    {
        using var tree = Upgraded(Tree());
        Assert.Equal(["8.3"], Versions(tree));
        var output = CliRunner.Run("lint", "--root", tree.Root, "--verbose", "--select", "CL001");
        var text = output.Stdout + output.Stderr;
        Assert.Contains("etc/php/8.1/fpm: leftover configuration of a removed package (php8.1-fpm.service has no unit file, while /lib/systemd/system/php8.3-fpm.service is installed): not read as running", text, StringComparison.Ordinal);
        Assert.Contains("error CL001", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_repository_tree_without_systemd_keeps_every_version()
    {
        // /etc/php and /etc/nginx alone: the absence of a unit proves nothing.
        using var tree = Tree();
        Assert.Equal(["8.1", "8.3"], Versions(tree));
        var output = CliRunner.Run("lint", "--root", tree.Root, "--verbose", "--select", "CL001");
        Assert.DoesNotContain("CL001 [", output.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("leftover", output.Stdout + output.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Unit_folders_without_any_php_fpm_unit_prove_nothing_either()
    {
        // A partial copy that carried nginx's unit but no PHP-FPM unit: neither version's absence is evidence.
        using var tree = Tree().Write("lib/systemd/system/nginx.service", "[Service]\nExecStart=/usr/sbin/nginx -g 'daemon on;'\n");
        Assert.Equal(["8.1", "8.3"], Versions(tree));
    }

    [Fact]
    public void Dpkgs_config_files_state_is_evidence_and_its_installed_state_outweighs_a_missing_unit()
    {
        const string Status = "Package: php8.1-fpm\nStatus: {0}\nVersion: 8.1.2-1ubuntu2.20\n\nPackage: nginx\nStatus: install ok installed\nVersion: 1.24.0-2ubuntu7\n";
        using var tree = Tree().Write("var/lib/dpkg/status", Status.Replace("{0}", "deinstall ok config-files", StringComparison.Ordinal));
        Assert.Equal(["8.3"], Versions(tree));

        // Listed as installed: a unit the copy did not carry, beside 8.3's, is no proof of removal.
        Upgraded(tree).Write("var/lib/dpkg/status", Status.Replace("{0}", "install ok installed", StringComparison.Ordinal));
        Assert.Equal(["8.1", "8.3"], Versions(tree));
    }

    [Fact]
    public void A_masked_version_that_supervisord_runs_is_still_running()
    {
        using var tree = Upgraded(Tree()).Link("etc/systemd/system/php8.1-fpm.service", "/dev/null")
            .Write("etc/supervisor/supervisord.conf", "[supervisord]\nnodaemon=false\n\n[include]\nfiles = /etc/supervisor/conf.d/*.conf\n")
            .Write("etc/supervisor/conf.d/php81.conf", "[program:php81]\ncommand = /usr/sbin/php-fpm8.1 -F\nautorestart=true\n");
        var host = HostTrees.Model(tree);
        var install = host.PhpInstalls.Single(i => i.Version == "8.1");
        Assert.NotNull(install.Supervisor);
        var output = CliRunner.Run("lint", "--root", tree.Root, "--verbose", "--select", "CL001");
        Assert.DoesNotContain("CL001 [", output.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("leftover", output.Stdout + output.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/usr/sbin/php-fpm8.1 --nodaemonize")]
    [InlineData("/opt/php/sbin/php-fpm --nodaemonize --fpm-config /etc/php/8.1/fpm/php-fpm.conf")]
    [InlineData("/opt/php/sbin/php-fpm --nodaemonize -y /etc/php/8.1/fpm/php-fpm.conf")]
    public void A_masked_version_that_another_service_runs_is_still_running(string execStart)
    {
        using var tree = Upgraded(Tree()).Link("etc/systemd/system/php8.1-fpm.service", "/dev/null").Service("legacy-php.service", execStart);
        Assert.Equal(["8.1", "8.3"], Versions(tree));
    }

    [Fact]
    public void A_service_that_names_another_version_does_not_revive_the_leftover()
    {
        using var tree = Upgraded(Tree()).Link("etc/systemd/system/php8.1-fpm.service", "/dev/null")
            .Service("other-php.service", "/usr/sbin/php-fpm8.3 --nodaemonize --fpm-config /etc/php/8.3/fpm/php-fpm.conf");
        Assert.Equal(["8.3"], Versions(tree));
    }

    [Fact]
    public void Two_versions_on_the_shared_socket_are_no_conflict_when_one_is_a_leftover()
    {
        // Both www pools were pointed at /run/php/php-fpm.sock; only 8.3 is installed, so it alone listens there.
        using var tree = Upgraded(Tree(target: "/run/php/php-fpm.sock", socket81: "/run/php/php-fpm.sock", socket83: "/run/php/php-fpm.sock")).Link("etc/systemd/system/php8.1-fpm.service", "/dev/null");
        var host = HostTrees.Model(tree);
        var pool = Assert.Single(host.BackEndsOf<FpmPool>());
        Assert.Equal("8.3", pool.Install.Version);
        var output = CliRunner.Run("lint", "--root", tree.Root, "--verbose");
        var text = output.Stdout + output.Stderr;
        Assert.DoesNotContain("CL001 [", text, StringComparison.Ordinal);
        Assert.DoesNotContain("CL000 [", text, StringComparison.Ordinal);
        Assert.DoesNotContain("etc/php/8.1/fpm/pool.d/www.conf:", text, StringComparison.Ordinal);
    }

    /// <summary>What <c>apt remove php8.1-fpm</c> leaves where no other PHP-FPM unit is installed: 8.1's folder, its
    /// enablement link dangling (only a purge removes it), and the distribution's unit folder with nginx's unit.</summary>
    private static TempTree Removed(string target = "/run/php/php8.1-fpm.sock")
    {
        var tree = new TempTree().Write("etc/nginx/nginx.conf", Site.Replace("{0}", target, StringComparison.Ordinal))
            .Write("etc/php/8.1/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.1-fpm.pid\ninclude=/etc/php/8.1/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.1/fpm/pool.d/www.conf", "[www]\nuser = www-data\ngroup = www-data\nlisten = /run/php/php8.1-fpm.sock\npm = dynamic\npm.max_children = 5\npm.start_servers = 2\npm.min_spare_servers = 1\npm.max_spare_servers = 3\n")
            .Link("etc/systemd/system/multi-user.target.wants/php8.1-fpm.service", "/lib/systemd/system/php8.1-fpm.service");
        return tree;
    }

    private static TempTree WithNginxUnit(TempTree tree) =>
        tree.Write("lib/systemd/system/nginx.service", "[Service]\nExecStart=/usr/sbin/nginx -g 'daemon on;'\n\n[Install]\nWantedBy=multi-user.target\n")
            .Link("etc/systemd/system/multi-user.target.wants/nginx.service", "/lib/systemd/system/nginx.service");

    [Fact]
    public void A_dangling_enablement_link_to_its_own_missing_unit_is_a_leftover_and_the_site_on_its_socket_an_error_without_a_fix()
    {
        using var tree = WithNginxUnit(Removed());
        Assert.Empty(Versions(tree));
        var output = CliRunner.Run("lint", "--root", tree.Root, "--verbose");
        var text = output.Stdout + output.Stderr;
        Assert.Contains("etc/php/8.1/fpm: leftover configuration of a removed package (php8.1-fpm.service has no unit file, while /etc/systemd/system/multi-user.target.wants/php8.1-fpm.service still enables it", text, StringComparison.Ordinal);
        Assert.Contains("error CL001 fastcgi_pass unix:/run/php/php8.1-fpm.sock: no PHP-FPM pool listens there: pool [www] of etc/php/8.1/fpm/php-fpm.conf did, but that is the leftover configuration of a removed package", text, StringComparison.Ordinal);
        Assert.Contains("Install php8.1-fpm again (apt install php8.1-fpm)", text, StringComparison.Ordinal);
        // The pool is no running one: no max_requests advice about it.
        Assert.DoesNotContain("CL011", text, StringComparison.Ordinal);
        Assert.DoesNotContain("CL001 [*]", text, StringComparison.Ordinal);
        var fix = CliRunner.Run("fix", "--dry-run", "--root", tree.Root);
        Assert.DoesNotContain("fixes CL001", fix.Stdout + fix.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dangling_link_without_the_distributions_unit_folder_or_beside_the_packages_binary_proves_nothing()
    {
        // An /etc copied alone (a repository, a backup): the link dangles because /lib was not carried.
        using (var tree = Removed())
        {
            Assert.Equal(["8.1"], Versions(tree));
        }

        // The package's binary is there: it is installed, whatever became of its unit.
        using (var tree = WithNginxUnit(Removed()).Write("usr/sbin/php-fpm8.1", "#!/bin/sh\n"))
        {
            Assert.Equal(["8.1"], Versions(tree));
        }

        // A link that leads to a unit file of its name is an enablement, not a leftover's.
        using (var tree = WithNginxUnit(Removed()).Write("lib/systemd/system/php8.1-fpm.service", Unit.Replace("{0}", "8.1", StringComparison.Ordinal)))
        {
            Assert.Equal(["8.1"], Versions(tree));
        }
    }

    [Fact]
    public void A_masked_installed_version_at_the_target_is_an_error_with_advice_to_unmask_and_no_fix_towards_a_removed_versions_pool()
    {
        // 8.1 removed (its link dangles), 8.3 installed and masked by its administrator, the site on 8.3's socket.
        using var tree = WithNginxUnit(Removed(target: "/run/php/php8.3-fpm.sock"))
            .Write("etc/php/8.3/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.3-fpm.pid\ninclude=/etc/php/8.3/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.3/fpm/pool.d/www.conf", "[www]\nuser = www-data\ngroup = www-data\nlisten = /run/php/php8.3-fpm.sock\npm = dynamic\npm.max_children = 5\npm.start_servers = 2\npm.min_spare_servers = 1\npm.max_spare_servers = 3\n")
            .Write("lib/systemd/system/php8.3-fpm.service", Unit.Replace("{0}", "8.3", StringComparison.Ordinal))
            .Link("etc/systemd/system/php8.3-fpm.service", "/dev/null");
        Assert.Empty(Versions(tree));
        var output = CliRunner.Run("lint", "--root", tree.Root);
        var text = output.Stdout + output.Stderr;
        Assert.Contains("error CL001 fastcgi_pass unix:/run/php/php8.3-fpm.sock: no PHP-FPM pool listens there: pool [www] of etc/php/8.3/fpm/php-fpm.conf would, but php8.3-fpm.service is masked, so systemd does not start it", text, StringComparison.Ordinal);
        Assert.Contains("Unmask php8.3-fpm.service (systemctl unmask php8.3-fpm.service", text, StringComparison.Ordinal);
        Assert.DoesNotContain("php8.1-fpm.sock", text, StringComparison.Ordinal);
        Assert.DoesNotContain("CL001 [*]", text, StringComparison.Ordinal);
        var fix = CliRunner.Run("fix", "--dry-run", "--root", tree.Root);
        Assert.DoesNotContain("fixes CL001", fix.Stdout + fix.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_corpus_root_left_by_a_release_upgrade_reads_only_php_8_3()
    {
        using var tree = new TempTree().CopyFrom(Path.Combine(Repository.Root, "fixtures", "corpus", "wordpress-lemp-ubuntu2404"));
        Assert.Equal(["8.3"], Versions(tree));
    }
}
