using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// A PHP upgrade that leaves the old version's pool in place (precision round 37, Trellis): the operator moves WordPress
/// from PHP 8.3 to 8.4, <c>systemctl disable --now php8.3-fpm</c> (no multi-user.target.wants link is left), and
/// /etc/php/8.3/fpm/pool.d/wordpress.conf still listens on the socket the 8.4 pool now serves. php-fpm loads its pools
/// only when its service starts (fpm_conf_init_main reads the pools when the master starts), so after a reboot the socket
/// is the 8.4 pool's: the host model's providers (<c>HostModel.Providers</c>) are the claimants that start, for every
/// rule. Where no claimant provably starts, or one's state is not known (no unit in the root), all of them stay.
/// </summary>
public sealed class DisabledPhpVersionTests
{
    private const string Unit = "[Unit]\nDescription=The PHP {0} FastCGI Process Manager\n\n[Service]\nType=notify\nExecStart=/usr/sbin/php-fpm{0} --nodaemonize --fpm-config /etc/php/{0}/fpm/php-fpm.conf\nExecReload=/bin/kill -USR2 $MAINPID\n\n[Install]\nWantedBy=multi-user.target\n";

    private static string Pool(string limit) =>
        $"[wordpress]\nlisten = /var/run/php-fpm-wordpress.sock\nlisten.owner = www-data\nlisten.group = www-data\nuser = web\ngroup = www-data\npm = dynamic\npm.max_children = 10\npm.start_servers = 1\npm.min_spare_servers = 1\npm.max_spare_servers = 3\npm.max_requests = 500\nphp_admin_value[max_execution_time] = {limit}\n";

    /// <summary>The 8.3 and 8.4 installations, each with its unit and its wordpress pool on one socket; which units the
    /// root's links enable is given (nginx is always, so the links are known); <paramref name="install83"/> false gives 8.3's
    /// unit no [Install] section.</summary>
    private static TempTree Tree(bool enable83, bool enable84, bool install83 = true, string target = "/var/run/php-fpm-wordpress.sock")
    {
        var tree = new TempTree()
            .Write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\nweb:x:1000:33::/home/web:/bin/bash\n")
            .Write("etc/group", "root:x:0:\nwww-data:x:33:web\n")
            .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    fastcgi_read_timeout 120s;\n    include /etc/nginx/sites-enabled/*.conf;\n}\n")
            .Write("etc/nginx/sites-enabled/example.com.conf", $"server {{\n    listen 80;\n    root /srv/www/example.com/current/web;\n    location ~ \\.php$ {{\n        include fastcgi_params;\n        fastcgi_param SCRIPT_FILENAME $realpath_root$fastcgi_script_name;\n        fastcgi_pass unix:{target};\n    }}\n}}\n")
            .Write("etc/nginx/fastcgi_params", "fastcgi_param QUERY_STRING $query_string;\nfastcgi_param REQUEST_METHOD $request_method;\n")
            .Write("lib/systemd/system/nginx.service", "[Service]\nType=forking\nExecStart=/usr/sbin/nginx\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n")
            .Link("etc/systemd/system/multi-user.target.wants/nginx.service", "/lib/systemd/system/nginx.service");
        foreach (var (version, limit, enabled) in new[] { ("8.3", "300", enable83), ("8.4", "120", enable84) })
        {
            tree.Write($"etc/php/{version}/fpm/php-fpm.conf", $"[global]\npid = /run/php/php{version}-fpm.pid\ninclude=/etc/php/{version}/fpm/pool.d/*.conf\n")
                .Write($"etc/php/{version}/fpm/pool.d/wordpress.conf", Pool(limit));
            // A unit without [Install] is static: started by whatever names it, so whether it runs is not known.
            var unit = Unit.Replace("{0}", version, StringComparison.Ordinal);
            tree.Write($"lib/systemd/system/php{version}-fpm.service", version == "8.3" && !install83 ? unit[..unit.IndexOf("[Install]", StringComparison.Ordinal)] : unit);
            if (enabled)
            {
                tree.Link($"etc/systemd/system/multi-user.target.wants/php{version}-fpm.service", $"/lib/systemd/system/php{version}-fpm.service");
            }
        }

        return tree;
    }

    private static string Lint(TempTree tree, string select = "CL001,CL006,CL007")
    {
        var lint = CliRunner.Run(["lint", "--root", tree.Root, "--select", select]);
        Assert.True(lint.ExitCode is 0 or 1, lint.Stderr);
        return lint.Stdout;
    }

    [Fact]
    public void The_disabled_old_versions_pool_is_not_judged_by_any_rule()
    {
        using var tree = Tree(enable83: false, enable84: true);
        var output = Lint(tree);
        // The 8.4 pool's 120 s limit is nginx's 120 s: no CL006; 8.3's 300 s pool does not run.
        Assert.DoesNotContain("CL006", output, StringComparison.Ordinal);
        Assert.DoesNotContain("php8.3-fpm.service:", output, StringComparison.Ordinal);
        Assert.Contains("lib/systemd/system/php8.4-fpm.service:", output, StringComparison.Ordinal);
        Assert.Contains("warning CL007", output, StringComparison.Ordinal);
        Assert.DoesNotContain("CL001", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Both_versions_enabled_are_both_judged()
    {
        using var tree = Tree(enable83: true, enable84: true);
        var output = Lint(tree);
        Assert.Contains("PHP 8.4 pool 'wordpress' listens on unix:/var/run/php-fpm-wordpress.sock, and PHP 8.3 pool 'wordpress' listens there too", output, StringComparison.Ordinal);
        Assert.Contains("lib/systemd/system/php8.3-fpm.service:", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Where_no_claimant_starts_the_disabled_ones_are_still_judged()
    {
        using var tree = Tree(enable83: false, enable84: false);
        var output = Lint(tree);
        Assert.Contains("lib/systemd/system/php8.3-fpm.service:", output, StringComparison.Ordinal);
        Assert.Contains("lib/systemd/system/php8.4-fpm.service:", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pool_whose_service_state_is_not_known_stays_a_provider()
    {
        using var tree = Tree(enable83: false, enable84: true, install83: false);
        var output = Lint(tree);
        Assert.Contains("lib/systemd/system/php8.3-fpm.service:", output, StringComparison.Ordinal);
        Assert.Contains("PHP 8.3 pool 'wordpress' lets a request run for 5m", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_target_is_not_offered_the_disabled_versions_pool()
    {
        using var tree = Tree(enable83: false, enable84: true, target: "/run/php/php8.3-fpm.sock");
        var output = Lint(tree, "CL001");
        Assert.Contains("fastcgi_pass unix:/run/php/php8.3-fpm.sock: no PHP-FPM pool listens there (PHP 8.4 pool 'wordpress' listens on /var/run/php-fpm-wordpress.sock)", output, StringComparison.Ordinal);
        Assert.Contains("Point fastcgi_pass at unix:/var/run/php-fpm-wordpress.sock (PHP 8.4 pool 'wordpress': the host's only PHP-FPM pool that starts at boot (the others' PHP-FPM service is disabled))", output, StringComparison.Ordinal);
        Assert.DoesNotContain("PHP 8.3 pool", output, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", output, StringComparison.Ordinal);
    }
}
