using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>CL009 names the pools that make the sum too large (the largest, as few as let the rest fit), not a small pool
/// the large one crowds out; and it counts a pool a broken target is meant for (CL001's evidence).</summary>
public class PoolBudgetShareTests
{
    private static string Lint(string appSocket)
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    server {\n        listen 80;\n        server_name app.example;\n        root /srv/app;\n        location ~ \\.php$ {\n            include fastcgi_params;\n            fastcgi_pass unix:" + appSocket + ";\n        }\n    }\n    server {\n        listen 80 default_server;\n        root /var/www/html;\n        location ~ \\.php$ {\n            include fastcgi_params;\n            fastcgi_pass unix:/run/php/php8.2-fpm.sock;\n        }\n    }\n}\n")
            .Write("etc/nginx/fastcgi_params", "fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\n")
            .Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.2-fpm.pid\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.2/fpm/php.ini", "[PHP]\nmemory_limit = 128M\n")
            .Write("etc/php/8.2/fpm/pool.d/app.conf", "[app]\nuser = www-data\ngroup = www-data\nlisten = /run/php/app.sock\nlisten.owner = www-data\nlisten.group = www-data\npm = static\npm.max_children = 40\nphp_admin_value[memory_limit] = 1G\n")
            .Write("etc/php/8.2/fpm/pool.d/www.conf", "[www]\nuser = www-data\ngroup = www-data\nlisten = /run/php/php8.2-fpm.sock\nlisten.owner = www-data\nlisten.group = www-data\npm = dynamic\npm.max_children = 5\npm.start_servers = 2\npm.min_spare_servers = 1\npm.max_spare_servers = 3\n")
            .Write("proc/meminfo", "MemTotal:       16303412 kB\nMemFree:        12000000 kB\n");
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL009", "--format", "json");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        return output.Stdout;
    }

    [Fact]
    public void Only_the_pool_that_overflows_the_budget_is_reported()
    {
        var report = Lint("/run/php/app.sock");
        Assert.Contains("pm.max_children = 40 in PHP 8.2 pool 'app'", report, StringComparison.Ordinal);
        Assert.DoesNotContain("pm.max_children = 5 in PHP 8.2 pool 'www'", report, StringComparison.Ordinal);
        Assert.Contains("PHP 8.2 pool 'www' fits beside the room left", report, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pool_a_broken_pass_is_meant_for_counts()
    {
        var report = Lint("/run/php/ap.sock");
        Assert.Contains("pm.max_children = 40 in PHP 8.2 pool 'app'", report, StringComparison.Ordinal);
    }
}
