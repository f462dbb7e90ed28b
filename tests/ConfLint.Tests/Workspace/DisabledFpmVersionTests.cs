using ConfLint.Tests.Support;

namespace ConfLint.Tests.Workspace;

/// <summary>A PHP version left installed after a move to another, its service disabled and its only pool file renamed:
/// php-fpm would refuse to start with it ("No pool defined"), but nothing starts it, so CL000 says so at info; enabled,
/// it fails at every boot and stays an error.</summary>
public class DisabledFpmVersionTests
{
    private const string Unit = "[Unit]\nDescription=The PHP {0} FastCGI Process Manager\n\n[Service]\nType=notify\nExecStart=/usr/sbin/php-fpm{0} --nodaemonize --fpm-config /etc/php/{0}/fpm/php-fpm.conf\n\n[Install]\nWantedBy=multi-user.target\n";

    private static TempTree Tree()
    {
        var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    server {\n        listen 80;\n        location ~ \\.php$ {\n            fastcgi_pass unix:/run/php/php8.3-fpm.sock;\n        }\n    }\n}\n");
        foreach (var version in new[] { "8.2", "8.3" })
        {
            tree.Write($"etc/php/{version}/fpm/php-fpm.conf", $"[global]\npid = /run/php/php{version}-fpm.pid\ninclude=/etc/php/{version}/fpm/pool.d/*.conf\n")
                .Write($"etc/php/{version}/fpm/pool.d/app.conf" + (version == "8.2" ? ".disabled" : string.Empty), $"[app]\nuser = www-data\ngroup = www-data\nlisten = /run/php/php{version}-fpm.sock\nlisten.owner = www-data\nlisten.group = www-data\npm = dynamic\npm.max_children = 5\npm.start_servers = 2\npm.min_spare_servers = 1\npm.max_spare_servers = 3\npm.max_requests = 500\n")
                .Write($"lib/systemd/system/php{version}-fpm.service", Unit.Replace("{0}", version, StringComparison.Ordinal));
        }

        return tree.Link("etc/systemd/system/multi-user.target.wants/php8.3-fpm.service", "/lib/systemd/system/php8.3-fpm.service");
    }

    private static string Lint(TempTree tree)
    {
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL000");
        return output.Stdout + output.Stderr;
    }

    [Fact]
    public void A_disabled_version_without_a_pool_is_info_saying_it_would_refuse_to_start()
    {
        using var tree = Tree();
        var text = Lint(tree);
        Assert.Contains("etc/php/8.2/fpm/php-fpm.conf:1:1: info CL000 No pool defined. at least one pool section must be specified in config file: php-fpm8.2 would refuse to start with this file, but php8.2-fpm.service is not enabled", text, StringComparison.Ordinal);
        Assert.Contains("remove the package or mask the unit (systemctl mask php8.2-fpm.service)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("error CL000", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Enabled_it_fails_at_every_boot_and_stays_an_error()
    {
        using var tree = Tree().Link("etc/systemd/system/multi-user.target.wants/php8.2-fpm.service", "/lib/systemd/system/php8.2-fpm.service");
        Assert.Contains("error CL000 No pool defined. at least one pool section must be specified in config file", Lint(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void Another_service_that_runs_it_or_a_root_without_enablement_links_keeps_the_error()
    {
        using (var tree = Tree().Write("lib/systemd/system/legacy-php.service", "[Service]\nExecStart=/usr/sbin/php-fpm8.2 --nodaemonize\n\n[Install]\nWantedBy=multi-user.target\n")
                   .Link("etc/systemd/system/multi-user.target.wants/legacy-php.service", "/lib/systemd/system/legacy-php.service"))
        {
            Assert.Contains("error CL000 No pool defined", Lint(tree), StringComparison.Ordinal);
        }

        // No link anywhere: whether either service runs is not known.
        using (var tree = Tree())
        {
            File.Delete(Path.Combine(tree.Root, "etc/systemd/system/multi-user.target.wants/php8.3-fpm.service"));
            Assert.Contains("error CL000 No pool defined", Lint(tree), StringComparison.Ordinal);
        }
    }
}
