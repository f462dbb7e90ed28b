using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// Two PHP-FPM masters given one Unix socket (precision round 31, Snipe-IT): a pool copied to PHP 8.3 for the move, the
/// PHP 8.2 one left enabled. php-fpm connects to the path before it binds (fpm_sockets.c, fpm_socket_unix_test_connect);
/// the master that starts second finds the first answering, says "Another FPM instance seems to already listen on ..." and
/// exits with all its pools (checked with two php-fpm8.2 masters: exit 70), and when the first one stops it removes the
/// socket. CL001 gives the warning the TCP twin gets (advice only); within one master php-fpm -t refuses the second pool
/// (CL000) and that stays the one finding.
/// </summary>
public sealed class FpmSharedSocketTests
{
    private static TempTree Tree(string socket82 = "/run/php/app.sock", string socket83 = "/run/php/app.sock", bool enable82 = true, string? gunicorn = null)
    {
        var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n")
            .Write("etc/nginx/sites-enabled/app", "server {\n    listen 80;\n    root /var/www/app/public;\n    location ~ \\.php$ {\n        fastcgi_pass unix:/run/php/app.sock;\n    }\n}\n")
            .Write("etc/php/8.3/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.3-fpm.pid\ninclude=/etc/php/8.3/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.3/fpm/pool.d/app.conf", $"[app]\nuser = www-data\ngroup = www-data\nlisten = {socket83}\nlisten.owner = www-data\nlisten.group = www-data\npm = static\npm.max_children = 2\npm.max_requests = 500\n")
            .Write("lib/systemd/system/php8.3-fpm.service", "[Service]\nType=notify\nExecStart=/usr/sbin/php-fpm8.3 --nodaemonize --fpm-config /etc/php/8.3/fpm/php-fpm.conf\nRestart=on-failure\nRuntimeDirectory=php\nRuntimeDirectoryPreserve=yes\n\n[Install]\nWantedBy=multi-user.target\n")
            .Link("etc/systemd/system/multi-user.target.wants/php8.3-fpm.service", "/lib/systemd/system/php8.3-fpm.service")
            .Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.2-fpm.pid\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.2/fpm/pool.d/app.conf", $"[app]\nuser = www-data\ngroup = www-data\nlisten = {socket82}\nlisten.owner = www-data\nlisten.group = www-data\npm = static\npm.max_children = 2\npm.max_requests = 500\n")
            .Write("lib/systemd/system/php8.2-fpm.service", "[Service]\nType=notify\nExecStart=/usr/sbin/php-fpm8.2 --nodaemonize --fpm-config /etc/php/8.2/fpm/php-fpm.conf\nRestart=on-failure\nRuntimeDirectory=php\nRuntimeDirectoryPreserve=yes\n\n[Install]\nWantedBy=multi-user.target\n");
        if (enable82)
        {
            tree.Link("etc/systemd/system/multi-user.target.wants/php8.2-fpm.service", "/lib/systemd/system/php8.2-fpm.service");
        }

        if (gunicorn is not null)
        {
            tree.Write("etc/systemd/system/app.service", $"[Service]\nUser=www-data\nExecStart=/srv/app/venv/bin/gunicorn --bind unix:{gunicorn} app.wsgi:application\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n")
                .Link("etc/systemd/system/multi-user.target.wants/app.service", "../app.service");
        }

        return tree;
    }

    private static string Lint(TempTree tree, string select = "CL000,CL001,CL006")
    {
        var lint = CliRunner.Run(["lint", "--root", tree.Root, "--select", select, "--verbose"]);
        Assert.True(lint.ExitCode is 0 or 1, lint.Stderr);
        return lint.Stdout;
    }

    private static int Count(string text, string part) => text.Split(part).Length - 1;

    [Fact]
    public void Two_enabled_masters_on_one_socket_get_the_collision_warning_once()
    {
        using var tree = Tree();
        var output = Lint(tree);
        Assert.Equal(1, Count(output, "warning CL001"));
        Assert.Contains("etc/php/8.3/fpm/pool.d/app.conf:4:10: warning CL001 PHP 8.3 pool 'app' listens on unix:/run/php/app.sock, and PHP 8.2 pool 'app' listens there too", output, StringComparison.Ordinal);
        Assert.Contains("'Another FPM instance seems to already listen on /run/php/app.sock'", output, StringComparison.Ordinal);
        Assert.Contains("when that one stops, it removes the socket", output, StringComparison.Ordinal);
        Assert.Contains("etc/php/8.2/fpm/pool.d/app.conf:4:10: PHP 8.2 pool 'app' binds unix:/run/php/app.sock here", output, StringComparison.Ordinal);
        Assert.Contains("(advice: never applied automatically)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("error CL", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_path_and_its_var_run_spelling_are_one_socket()
    {
        using var tree = Tree(socket82: "/var/run/php/app.sock");
        Assert.Equal(1, Count(Lint(tree), "warning CL001"));
    }

    [Fact]
    public void A_master_that_does_not_start_at_boot_claims_nothing()
    {
        using var tree = Tree(enable82: false);
        Assert.DoesNotContain("CL001", Lint(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void Masters_on_their_own_sockets_do_not_collide()
    {
        using var tree = Tree(socket82: "/run/php/php8.2-app.sock");
        Assert.DoesNotContain("CL001", Lint(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void A_socket_another_kind_of_program_claims_too_is_not_one_outcome()
    {
        // gunicorn removes a socket file it finds and binds the path: which one a site reaches is not php-fpm's refusal.
        using var tree = Tree(socket82: "/run/php/php8.2-app.sock", gunicorn: "/run/php/app.sock");
        Assert.DoesNotContain("listens there too", Lint(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void Two_pools_of_one_master_on_one_socket_stay_php_fpm_ts_own_refusal()
    {
        using var tree = Tree(socket82: "/run/php/php8.2-app.sock");
        tree.Write("etc/php/8.3/fpm/pool.d/copy.conf", "[copy]\nuser = www-data\ngroup = www-data\nlisten = /run/php/app.sock\npm = static\npm.max_children = 2\n");
        var output = Lint(tree);
        Assert.Contains("error CL000 [pool copy] unable to set listen address as it's already used in another pool 'app'", output, StringComparison.Ordinal);
        Assert.DoesNotContain("warning CL001", output, StringComparison.Ordinal);
    }
}
