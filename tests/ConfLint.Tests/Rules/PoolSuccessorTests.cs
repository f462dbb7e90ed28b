using ConfLint.Rules.Support;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>CL001 on a socket of a removed PHP version (YunoHost's <c>0022_php73_to_php74_pools</c>: every pool copied to
/// 7.4 under its name, its socket's version rewritten, a hand-written nginx file left on 7.3): the pool that carries on
/// the one the address was written for, of the leftover pool's name or with the socket's version changed, is ranked first
/// and its fix is safe when it is the only one; never the new version's stock www pool.</summary>
public class PoolSuccessorTests
{
    private const string Unit = "[Unit]\nDescription=The PHP {0} FastCGI Process Manager\n\n[Service]\nType=notify\nExecStart=/usr/sbin/php-fpm{0} --nodaemonize --fpm-config /etc/php/{0}/fpm/php-fpm.conf\n\n[Install]\nWantedBy=multi-user.target\n";

    private static string Pool(string name, string socket) =>
        $"[{name}]\nuser = {name}\ngroup = {name}\nchdir = /var/www/{name}\nlisten = {socket}\nlisten.owner = www-data\nlisten.group = www-data\npm = ondemand\npm.max_children = 8\n";

    private static string Location(string path, string socket) =>
        $"    location ^~ {path} {{\n        alias /var/www/app{path};\n        location ~ \\.php$ {{\n            fastcgi_pass unix:{socket};\n        }}\n    }}\n";

    /// <summary>A host that ran PHP 7.3 and runs <paramref name="running"/> now (each with its unit and stock www pool);
    /// <paramref name="pools"/> are the app's pools (version, file text); the site serves <c>/</c> with <paramref name="site"/>
    /// and <c>/tools/</c> with the 7.3 socket. With <paramref name="leftover"/>, 7.3's folder is still there (removed, not
    /// purged) with the app's pool on <paramref name="leftover"/>.</summary>
    private static TempTree Root(string[] running, (string Version, string Text)[] pools, string site, string? leftover = "/var/run/php/php7.3-fpm-app.sock")
    {
        var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n" + Location("/", site) + Location("/tools/", "/var/run/php/php7.3-fpm-app.sock") + "    }\n}\n");
        foreach (var version in running)
        {
            tree.Write($"lib/systemd/system/php{version}-fpm.service", Unit.Replace("{0}", version, StringComparison.Ordinal))
                .Write($"etc/php/{version}/fpm/php-fpm.conf", $"[global]\npid = /run/php/php{version}-fpm.pid\ninclude=/etc/php/{version}/fpm/pool.d/*.conf\n")
                .Write($"etc/php/{version}/fpm/pool.d/www.conf", Pool("www", $"/run/php/php{version}-fpm.sock").Replace("user = www\ngroup = www", "user = www-data\ngroup = www-data", StringComparison.Ordinal));
        }

        foreach (var (version, text) in pools)
        {
            tree.Write($"etc/php/{version}/fpm/pool.d/app.conf", text);
        }

        if (leftover is not null)
        {
            tree.Write("etc/php/7.3/fpm/php-fpm.conf", "[global]\npid = /run/php/php7.3-fpm.pid\ninclude=/etc/php/7.3/fpm/pool.d/*.conf\n")
                .Write("etc/php/7.3/fpm/pool.d/www.conf", Pool("www", "/run/php/php7.3-fpm.sock"))
                .Write("etc/php/7.3/fpm/pool.d/app.conf", Pool("app", leftover));
        }

        return tree;
    }

    private static string Lint(TempTree tree)
    {
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        return output.Stdout;
    }

    [Fact]
    public void The_pool_the_migration_moved_is_the_safe_fix_not_the_stock_www_pool()
    {
        using var tree = Root(["7.4"], [("7.4", Pool("app", "/var/run/php/php7.4-fpm-app.sock"))], "/var/run/php/php7.4-fpm-app.sock");
        var report = Lint(tree);
        Assert.Contains("error CL001", report, StringComparison.Ordinal);
        Assert.Contains("(PHP 7.4 pool 'app' listens on /var/run/php/php7.4-fpm-app.sock)", report, StringComparison.Ordinal);
        Assert.Contains("Point fastcgi_pass at unix:/var/run/php/php7.4-fpm-app.sock (PHP 7.4 pool 'app': named as the pool [app] that listened at this address in a removed PHP version's leftover configuration, and its socket is this address with the PHP version changed; the only such pool)", report, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", report, StringComparison.Ordinal);
        Assert.DoesNotContain("php7.4-fpm.sock (", report, StringComparison.Ordinal);
    }

    [Fact]
    public void The_leftover_pools_name_alone_is_evidence()
    {
        // The copy listens on a socket of another spelling: its name, the leftover pool's, says it is the one.
        using var tree = Root(["7.4"], [("7.4", Pool("app", "/run/php/app.sock"))], "/run/php/app.sock");
        var report = Lint(tree);
        Assert.Contains("Point fastcgi_pass at unix:/run/php/app.sock (PHP 7.4 pool 'app': named as the pool [app] that listened at this address in a removed PHP version's leftover configuration; the only such pool)", report, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_leftover_folder_the_socket_with_the_version_changed_is_evidence()
    {
        using var tree = Root(["7.4"], [("7.4", Pool("app", "/var/run/php/php7.4-fpm-app.sock"))], "/var/run/php/php7.4-fpm-app.sock", leftover: null);
        var report = Lint(tree);
        Assert.Contains("Point fastcgi_pass at unix:/var/run/php/php7.4-fpm-app.sock (PHP 7.4 pool 'app': its socket is this address with the PHP version changed; the only such pool)", report, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", report, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_pool_in_two_running_versions_is_no_safe_fix_and_never_www()
    {
        using var tree = Root(["7.4", "8.2"],
            [("7.4", Pool("app", "/var/run/php/php7.4-fpm-app.sock")), ("8.2", Pool("app", "/var/run/php/php8.2-fpm-app.sock"))],
            "/var/run/php/php8.2-fpm-app.sock");
        var report = Lint(tree);
        Assert.Contains("error CL001", report, StringComparison.Ordinal);
        // Ranked first: the nearest version's; offered for review only.
        Assert.Contains("Point fastcgi_pass at unix:/var/run/php/php7.4-fpm-app.sock (PHP 7.4 pool 'app', the closest of the candidates: check it is the one meant) (unsafe fix)", report, StringComparison.Ordinal);
        Assert.DoesNotContain("pool 'www':", report, StringComparison.Ordinal);
        Assert.DoesNotContain("php7.4-fpm.sock (", report, StringComparison.Ordinal);
    }

    [Fact]
    public void An_older_versions_copy_does_not_make_the_newer_one_doubtful()
    {
        // PHP 7.2 still runs the app's pool of before the 7.3 days; the move from 7.3 went to 7.4.
        using var tree = Root(["7.2", "7.4"],
            [("7.2", Pool("app", "/var/run/php/php7.2-fpm-app.sock")), ("7.4", Pool("app", "/var/run/php/php7.4-fpm-app.sock"))],
            "/var/run/php/php7.4-fpm-app.sock");
        var report = Lint(tree);
        Assert.Contains("Point fastcgi_pass at unix:/var/run/php/php7.4-fpm-app.sock (PHP 7.4 pool 'app': named as", report, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_pool_that_carries_it_on_the_choice_is_as_before()
    {
        // The app was not moved: 7.4 has another site's pool, reached, and its stock www pool, reached by nothing.
        using var tree = Root(["7.4"], [("7.4", Pool("blog", "/var/run/php/php7.4-fpm-blog.sock"))], "/var/run/php/php7.4-fpm-blog.sock");
        var report = Lint(tree);
        Assert.Contains("Point fastcgi_pass at unix:/run/php/php7.4-fpm.sock (PHP 7.4 pool 'www': the installed PHP version nearest to the one the address names, and the one of its pools no front end reaches)", report, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/var/run/php/php7.3-fpm-app.sock", "/var/run/php/php*-fpm-app.sock")]
    [InlineData("/run/php/php74-fpm.sock", "/run/php/php*-fpm.sock")]
    [InlineData("/var/opt/remi/php81/run/php-fpm/www.sock", "/var/opt/remi/php*/run/php-fpm/www.sock")]
    [InlineData("/run/php/app.sock", null)]
    public void A_socket_is_masked_where_it_names_a_version(string socket, string? masked) =>
        Assert.Equal(masked, PhpVersions.Masked(socket));
}
