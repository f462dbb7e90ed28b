using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>A <c>map</c> whose every entry, its default among them, gives one literal value yields that value for every
/// request (ngx_http_map_variable: the matched entry's value, else the default): a pass through it is judged as if the
/// value were written. Not where values differ, no default is written (unmatched keys give ""), a set assigns the variable
/// too, or the value holds a variable.</summary>
public class NginxConstantMapTests
{
    private static CliRunner.Output Lint(string map, string extra = "")
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    map $host $fpm {\n" + map + "    }\n    server {\n        listen 80;\n        root /srv/app;\n" + extra
                + "        location ~ \\.php$ {\n            include fastcgi_params;\n            fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\n            fastcgi_pass $fpm;\n        }\n    }\n}\n")
            .Write("etc/nginx/fastcgi_params", "fastcgi_param QUERY_STRING $query_string;\n")
            .Write("etc/php/8.3/fpm/php-fpm.conf", "[global]\ninclude=/etc/php/8.3/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.3/fpm/pool.d/app.conf", "[app]\nuser = www-data\ngroup = www-data\nlisten = /run/php/app.sock\nlisten.owner = www-data\nlisten.group = www-data\npm = static\npm.max_children = 4\npm.max_requests = 500\n")
            .Write("lib/systemd/system/php8.3-fpm.service", "[Service]\nExecStart=/usr/sbin/php-fpm8.3 --nodaemonize --fpm-config /etc/php/8.3/fpm/php-fpm.conf\nRestart=on-failure\n");
        return CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001,CL011", "--verbose");
    }

    [Fact]
    public void A_constant_map_to_a_socket_nothing_listens_on_is_judged()
    {
        var output = Lint("        default unix:/run/php/php8.3-fpm.sock;\n        app.example unix:/run/php/php8.3-fpm.sock;\n");
        Assert.Contains("etc/nginx/nginx.conf:13:26: error CL001 fastcgi_pass $fpm: no PHP-FPM pool listens there ($fpm is unix:/run/php/php8.3-fpm.sock here (every entry of its 'map' gives it; the first at etc/nginx/nginx.conf:4)", output.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("did not judge $fpm", output.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_constant_map_to_the_pool_reaches_it()
    {
        var output = Lint("        default unix:/run/php/app.sock;\n");
        Assert.DoesNotContain("CL001", output.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("no front end of this host reaches it", output.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("        default unix:/run/php/php8.3-fpm.sock;\n        app.example unix:/run/php/other.sock;\n", "")]
    [InlineData("        app.example unix:/run/php/php8.3-fpm.sock;\n", "")]
    [InlineData("        default unix:/run/php/php8.3-fpm.sock;\n", "        set $fpm unix:/run/php/app.sock;\n")]
    [InlineData("        default unix:/run/php/$host.sock;\n", "")]
    [InlineData("        hostnames;\n        default unix:/run/php/php8.3-fpm.sock;\n", "")]
    public void A_map_that_may_give_another_value_is_not_judged(string map, string extra)
    {
        var output = Lint(map, extra);
        Assert.DoesNotContain("CL001", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("CL001 did not judge $fpm", output.Stderr, StringComparison.Ordinal);
    }
}
