using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>CL001's choice of the pool a PHP target was meant for on a panel's server, where each site's PHP runs as the
/// site's owner: of the pools no front end reaches, the one whose user's home holds the site's root; a pool that serves
/// another site comes after those no front end reaches.</summary>
public class OwnersPoolTests
{
    private static string Lint(string shopRoot, string shopName = "shop.example")
    {
        static string Server(string name, string root, string pass) =>
            "    server {\n        listen 80;\n        server_name " + name + ";\n        root " + root + ";\n        location ~ \\.php$ {\n            include fastcgi_params;\n            fastcgi_pass " + pass + ";\n        }\n    }\n";
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n" + Server("alice.example", "/home/alice/www", "127.0.0.1:9000") + Server(shopName, shopRoot, "127.0.0.1:9001") + "}\n")
            .Write("etc/nginx/fastcgi_params", "fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\n")
            .Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.2-fpm.pid\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.2/fpm/pool.d/alice.conf", "[alice]\nuser = alice\ngroup = alice\nlisten = 127.0.0.1:9000\npm = ondemand\npm.max_children = 5\n")
            .Write("etc/php/8.2/fpm/pool.d/shop.conf", "[shop]\nuser = shop\ngroup = shop\nlisten = 127.0.0.1:9002\npm = ondemand\npm.max_children = 5\n")
            .Write("etc/php/8.2/fpm/pool.d/www.conf", "[www]\nuser = www-data\ngroup = www-data\nlisten = /run/php/php8.2-fpm.sock\nlisten.owner = www-data\nlisten.group = www-data\npm = dynamic\npm.max_children = 5\npm.start_servers = 2\npm.min_spare_servers = 1\npm.max_spare_servers = 3\n")
            .Write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\nalice:x:1001:1001::/home/alice:/bin/bash\nshop:x:1002:1002::/home/shop:/bin/bash\n")
            .Write("etc/group", "root:x:0:\nwww-data:x:33:\nalice:x:1001:www-data\nshop:x:1002:www-data\n");
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--format", "json");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        return output.Stdout;
    }

    [Fact]
    public void The_pool_of_the_user_whose_home_holds_the_root_is_meant()
    {
        var report = Lint("/home/shop/public_html");
        Assert.Contains("whose home /home/shop holds /home/shop/public_html", report, StringComparison.Ordinal);
        Assert.Contains("\"applicability\": \"safe\"", report, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:9002", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_that_tie_the_guess_is_a_pool_no_other_site_uses()
    {
        // Named otherwise than the pool: a server name beginning with its name would tie it (FpmPoolTieTests).
        var report = Lint("/srv/shop/public", "store.example");
        Assert.DoesNotContain("\"applicability\": \"safe\"", report, StringComparison.Ordinal);
        Assert.Contains("Point fastcgi_pass at 127.0.0.1:9002", report, StringComparison.Ordinal);
        Assert.DoesNotContain("Point fastcgi_pass at 127.0.0.1:9000", report, StringComparison.Ordinal);
    }
}
