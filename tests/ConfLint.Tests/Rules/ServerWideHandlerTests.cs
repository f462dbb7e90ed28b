using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>Apache's server-wide PHP handler (Debian's <c>a2enconf php8.2-fpm</c>): httpd merges the main server's sections
/// into every virtual host, so a virtual host with no handler of its own sends its PHP there and CL008 judges the pool;
/// where every virtual host has its own handler, the server-wide one only serves what no site claims.</summary>
public class ServerWideHandlerTests
{
    private static string Lint(string vhostHandler)
    {
        using var tree = new TempTree()
            .Write("etc/apache2/apache2.conf", "ErrorLog /var/log/apache2/error.log\nIncludeOptional mods-enabled/*.load\nIncludeOptional conf-enabled/*.conf\nIncludeOptional sites-enabled/*.conf\n")
            .Write("etc/apache2/mods-enabled/mpm_event.load", "LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so\n")
            .Write("etc/apache2/mods-enabled/proxy.load", "LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so\n")
            .Write("etc/apache2/mods-enabled/proxy_fcgi.load", "LoadModule proxy_fcgi_module /usr/lib/apache2/modules/mod_proxy_fcgi.so\n")
            .Write("etc/apache2/conf-enabled/php8.2-fpm.conf", "<FilesMatch \".+\\.ph(?:ar|p|tml)$\">\n    SetHandler \"proxy:unix:/run/php/php8.2-fpm.sock|fcgi://localhost\"\n</FilesMatch>\n")
            .Write("etc/apache2/sites-enabled/wiki.conf", "<VirtualHost *:80>\n    ServerName wiki.example.org\n    DocumentRoot /var/www/wiki\n" + vhostHandler + "</VirtualHost>\n")
            .Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.2-fpm.pid\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.2/fpm/php.ini", "[PHP]\nmemory_limit = 128M\n")
            .Write("etc/php/8.2/fpm/pool.d/www.conf", "[www]\nuser = www-data\ngroup = www-data\nlisten = /run/php/php8.2-fpm.sock\nlisten.owner = www-data\nlisten.group = www-data\npm = ondemand\npm.max_children = 2\n")
            .Write("etc/php/8.2/fpm/pool.d/wiki.conf", "[wiki]\nuser = www-data\ngroup = www-data\nlisten = /run/php/wiki.sock\nlisten.owner = www-data\nlisten.group = www-data\npm = ondemand\npm.max_children = 40\n")
            .Write("proc/meminfo", "MemTotal:       16303412 kB\n");
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL008", "--verbose");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        return output.Stdout + output.Stderr;
    }

    [Fact]
    public void A_virtual_host_without_its_own_handler_sends_its_PHP_to_the_server_wide_one()
    {
        var report = Lint(string.Empty);
        Assert.Contains("pool.d/www.conf", report, StringComparison.Ordinal);
        Assert.DoesNotContain("only Apache's server-wide handler reaches it", report, StringComparison.Ordinal);
        Assert.Contains("warning CL008", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Where_every_virtual_host_has_its_own_the_server_wide_one_is_a_fallback()
    {
        var report = Lint("    <FilesMatch \\.php$>\n        SetHandler \"proxy:unix:/run/php/wiki.sock|fcgi://localhost\"\n    </FilesMatch>\n");
        Assert.Contains("only Apache's server-wide handler reaches it", report, StringComparison.Ordinal);
        Assert.DoesNotContain("pm.max_children = 2", report.Split('\n').Where(l => l.Contains("warning CL008", StringComparison.Ordinal)).FirstOrDefault() ?? string.Empty, StringComparison.Ordinal);
    }
}

/// <summary>CL008 on a hosting panel's per-site pools (each its own user): the small cap is a site's share, set on purpose.</summary>
public class TenantPoolCapTests
{
    [Theory]
    [InlineData("alice", "info")]
    [InlineData("www-data", "warning")]
    public void A_pool_per_user_is_a_share_of_the_host(string secondUser, string severity)
    {
        static string Server(string name, string socket) =>
            "    server {\n        listen 80;\n        server_name " + name + ";\n        root /var/www/" + name + ";\n        location ~ \\.php$ {\n            include fastcgi_params;\n            fastcgi_pass unix:" + socket + ";\n        }\n    }\n";
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n" + Server("a.example", "/run/php/a.sock") + Server("b.example", "/run/php/b.sock") + "}\n")
            .Write("etc/nginx/fastcgi_params", "fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\n")
            .Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.2-fpm.pid\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.2/fpm/php.ini", "[PHP]\nmemory_limit = 128M\n")
            .Write("etc/php/8.2/fpm/pool.d/a.conf", "[a]\nuser = www-data\ngroup = www-data\nlisten = /run/php/a.sock\nlisten.owner = www-data\nlisten.group = www-data\npm = ondemand\npm.max_children = 5\n")
            .Write("etc/php/8.2/fpm/pool.d/b.conf", "[b]\nuser = " + secondUser + "\ngroup = www-data\nlisten = /run/php/b.sock\nlisten.owner = www-data\nlisten.group = www-data\npm = ondemand\npm.max_children = 5\n")
            .Write("proc/meminfo", "MemTotal:       16303412 kB\n");
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL008");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        Assert.Contains(severity + " CL008", output.Stdout, StringComparison.Ordinal);
    }

    /// <summary>Two pools of two users are as often one site beside the stock pool as a panel's: the message says only
    /// that the pool runs as a user of its own; a pool per user is said where three or more reached pools each have one.</summary>
    [Theory]
    [InlineData(false, "it runs as a user of its own ('alice') beside another pool that a front end reaches", "pool per user")]
    [InlineData(true, "the host runs a pool per user (a hosting panel's per-site pools)", "a user of its own")]
    public void A_pool_per_user_is_said_only_where_several_pools_show_it(bool third, string said, string unsaid)
    {
        static string Server(string name, string socket) =>
            "    server {\n        listen 80;\n        server_name " + name + ";\n        root /var/www/" + name + ";\n        location ~ \\.php$ {\n            include fastcgi_params;\n            fastcgi_pass unix:" + socket + ";\n        }\n    }\n";
        static string Pool(string name, string user) =>
            "[" + name + "]\nuser = " + user + "\ngroup = www-data\nlisten = /run/php/" + name + ".sock\nlisten.owner = www-data\nlisten.group = www-data\npm = ondemand\npm.max_children = 5\n";
        var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n" + Server("a.example", "/run/php/a.sock") + Server("b.example", "/run/php/b.sock") + (third ? Server("c.example", "/run/php/c.sock") : string.Empty) + "}\n")
            .Write("etc/nginx/fastcgi_params", "fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\n")
            .Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.2-fpm.pid\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.2/fpm/php.ini", "[PHP]\nmemory_limit = 128M\n")
            .Write("etc/php/8.2/fpm/pool.d/a.conf", Pool("a", "www-data"))
            .Write("etc/php/8.2/fpm/pool.d/b.conf", Pool("b", "alice"))
            .Write("proc/meminfo", "MemTotal:       16303412 kB\n");
        using (tree)
        {
            if (third)
            {
                tree.Write("etc/php/8.2/fpm/pool.d/c.conf", Pool("c", "bob"));
            }

            var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL008");
            Assert.True(output.ExitCode is 0 or 1, output.Stderr);
            var line = Assert.Single(output.Stdout.Split('\n'), l => l.Contains("CL008", StringComparison.Ordinal) && l.Contains("pool 'b'", StringComparison.Ordinal));
            Assert.Contains("info CL008", line, StringComparison.Ordinal);
            Assert.Contains(said, line, StringComparison.Ordinal);
            Assert.DoesNotContain(unsaid, line, StringComparison.Ordinal);
        }
    }
}
