using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>CL006 and the stock default server of RHEL: the php-fpm package's <c>default.d/php.conf</c> sends <c>.php</c>
/// requests of the server rooted at <c>/usr/share/nginx/html</c> (the nginx package's test pages) to the pool another
/// site raised the limit of. No application is seen there, so its short wait is info with an unsafe raise; a PHP file in
/// that folder, a script named otherwise than from the root, or another root keep the warning.</summary>
public class StockTestPagesTimeoutTests
{
    private const string Stock = "location ~ \\.php$ {\n    include fastcgi_params;\n    fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\n    fastcgi_pass unix:/run/php-fpm/www.sock;\n}\n";

    private static TempTree Root(string root = "/usr/share/nginx/html", string php = Stock) => new TempTree()
        .Write("etc/nginx/nginx.conf", $"user nginx;\nevents {{}}\nhttp {{\n    server {{\n        listen 80 default_server;\n        server_name _;\n        root {root};\n        include /etc/nginx/default.d/*.conf;\n    }}\n}}\n")
        .Write("etc/nginx/default.d/php.conf", php)
        .Write("etc/nginx/fastcgi_params", "fastcgi_param QUERY_STRING $query_string;\n")
        .Write("usr/share/nginx/html/index.html", "<h1>Test page</h1>\n")
        .Write("etc/php-fpm.conf", "[global]\npid = /run/php-fpm/php-fpm.pid\ninclude=/etc/php-fpm.d/*.conf\n")
        .Write("etc/php-fpm.d/www.conf", "[www]\nuser = apache\ngroup = apache\nlisten = /run/php-fpm/www.sock\nlisten.acl_users = apache,nginx\npm = dynamic\npm.max_children = 50\npm.start_servers = 5\npm.min_spare_servers = 5\npm.max_spare_servers = 35\nrequest_terminate_timeout = 330s\n");

    private static string Lint(TempTree tree)
    {
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL006");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        return output.Stdout;
    }

    [Fact]
    public void The_stock_servers_php_location_is_info_with_an_unsafe_raise()
    {
        using var tree = Root();
        var report = Lint(tree);
        Assert.Contains("etc/nginx/default.d/php.conf:4:5: info CL006", report, StringComparison.Ordinal);
        Assert.Contains("/usr/share/nginx/html, the nginx package's test pages, and no PHP file is there", report, StringComparison.Ordinal);
        Assert.Contains("(unsafe fix)", report, StringComparison.Ordinal);
        Assert.DoesNotContain("warning CL006", report, StringComparison.Ordinal);
    }

    [Fact]
    public void A_php_file_in_the_folder_another_root_or_a_script_named_elsewhere_keep_the_warning()
    {
        using var withPhp = Root();
        File.WriteAllText(Path.Combine(withPhp.Root, "usr/share/nginx/html/info.php"), "<?php phpinfo();\n");
        Assert.Contains("warning CL006", Lint(withPhp), StringComparison.Ordinal);

        using var app = Root(root: "/var/www/app");
        Assert.Contains("warning CL006", Lint(app), StringComparison.Ordinal);

        using var named = Root(php: Stock.Replace("$document_root$fastcgi_script_name", "/srv/app/index.php", StringComparison.Ordinal));
        Assert.Contains("warning CL006", Lint(named), StringComparison.Ordinal);
    }
}
