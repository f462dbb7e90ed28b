using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// CL001's fix where the site's own pool is in a file php-fpm does not load (precision round 37, FreeScout): the pool
/// [freescout] in pool.d/freescout.conf.off listens exactly at the site's socket, and php-fpm.conf's
/// <c>include=/etc/php/8.3/fpm/pool.d/*.conf</c> does not load it (fpm_conf_load_ini_file expands include= with glob(3)).
/// The host's only live pool is the package's www (another user, none of the site's limits): it is not the one meant, so
/// no safe redirect to it; the advice is to load the file. Without such a file, or with one listening elsewhere, the
/// only-pool redirect stays safe.
/// </summary>
public sealed class UnloadedPoolFixTests
{
    private static TempTree Tree(string? unloadedName = "freescout.conf.off", string unloadedSocket = "/run/php/php8.3-fpm-freescout.sock")
    {
        var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n")
            .Write("etc/nginx/sites-enabled/helpdesk", "server {\n    listen 80;\n    root /var/www/html/public;\n    location ~ \\.php$ {\n        fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\n        fastcgi_pass unix:/run/php/php8.3-fpm-freescout.sock;\n    }\n}\n")
            .Write("etc/php/8.3/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.3-fpm.pid\ninclude=/etc/php/8.3/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.3/fpm/pool.d/www.conf", "[www]\nuser = www-data\ngroup = www-data\nlisten = /run/php/php8.3-fpm.sock\nlisten.owner = www-data\nlisten.group = www-data\npm = dynamic\npm.max_children = 5\npm.start_servers = 2\npm.min_spare_servers = 1\npm.max_spare_servers = 3\n");
        if (unloadedName is not null)
        {
            tree.Write($"etc/php/8.3/fpm/pool.d/{unloadedName}", $"[freescout]\nuser = freescout\ngroup = freescout\nlisten = {unloadedSocket}\nlisten.owner = www-data\nlisten.group = www-data\npm = dynamic\npm.max_children = 10\npm.start_servers = 2\npm.min_spare_servers = 1\npm.max_spare_servers = 3\n");
        }

        return tree;
    }

    private static string Lint(TempTree tree)
    {
        var lint = CliRunner.Run(["lint", "--root", tree.Root, "--select", "CL001"]);
        Assert.True(lint.ExitCode is 0 or 1, lint.Stderr);
        return lint.Stdout;
    }

    [Theory]
    [InlineData("freescout.conf.off", "/run/php/php8.3-fpm-freescout.sock")]
    [InlineData("freescout.conf.dpkg-dist", "/run/php/php8.3-fpm-freescout.sock")]
    [InlineData("freescout.conf.off", "/var/run/php/php8.3-fpm-freescout.sock")]
    public void An_unloaded_pool_at_the_target_gets_the_load_advice_not_a_redirect_to_www(string name, string socket)
    {
        using var tree = Tree(name, socket);
        var output = Lint(tree);
        Assert.Contains("error CL001 fastcgi_pass unix:/run/php/php8.3-fpm-freescout.sock: no PHP-FPM pool listens there", output, StringComparison.Ordinal);
        Assert.Contains($"pool [freescout] in etc/php/8.3/fpm/pool.d/{name} listens on {socket}, but php-fpm loads only /etc/php/8.3/fpm/pool.d/*.conf", output, StringComparison.Ordinal);
        Assert.Contains($"If pool [freescout] is the one meant, rename etc/php/8.3/fpm/pool.d/{name} back to freescout.conf", output, StringComparison.Ordinal);
        Assert.Contains("(advice: never applied automatically)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Point fastcgi_pass at", output, StringComparison.Ordinal);
        Assert.DoesNotContain("the host's only PHP-FPM pool", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_an_unloaded_file_the_only_pool_stays_the_safe_fix()
    {
        using var tree = Tree(unloadedName: null);
        var output = Lint(tree);
        Assert.Contains("Point fastcgi_pass at unix:/run/php/php8.3-fpm.sock (PHP 8.3 pool 'www': the host's only PHP-FPM pool)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", output, StringComparison.Ordinal);
        Assert.DoesNotContain("advice:", output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unloaded_file_listening_elsewhere_leaves_the_only_pool_the_safe_fix()
    {
        using var tree = Tree(unloadedSocket: "/run/php/php8.3-fpm-other.sock");
        var output = Lint(tree);
        Assert.Contains("Point fastcgi_pass at unix:/run/php/php8.3-fpm.sock (PHP 8.3 pool 'www': the host's only PHP-FPM pool)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", output, StringComparison.Ordinal);
        Assert.DoesNotContain("rename", output, StringComparison.Ordinal);
    }
}
