using System.Text.Json;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>CL006 on Apache's server-wide Timeout cutting a pool short in two virtual hosts (the port 80 and 443 ones of a
/// site): one finding, whose fix raises the proxy timeout in each virtual host, so that what a report shows is the whole
/// fix (not one vhost now and the other on the next run).</summary>
public class ApacheTimeoutEveryVhostTests
{
    [Fact]
    public void One_finding_carries_a_raise_for_each_virtual_host()
    {
        const string Vhost = "<VirtualHost *:{0}>\n    ServerName blog.example.net\n    DocumentRoot /home/blog/public_html\n    <FilesMatch \\.php$>\n        SetHandler \"proxy:unix:/run/php/blog.sock|fcgi://localhost\"\n    </FilesMatch>\n</VirtualHost>\n";
        using var tree = new TempTree()
            .Write("etc/apache2/apache2.conf", "Timeout 300\nIncludeOptional mods-enabled/*.load\nIncludeOptional sites-enabled/*.conf\n")
            .Write("etc/apache2/mods-enabled/proxy.load", "LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so\n")
            .Write("etc/apache2/mods-enabled/proxy_fcgi.load", "LoadModule proxy_fcgi_module /usr/lib/apache2/modules/mod_proxy_fcgi.so\n")
            .Write("etc/apache2/sites-enabled/blog.conf", string.Format(System.Globalization.CultureInfo.InvariantCulture, Vhost, 80) + string.Format(System.Globalization.CultureInfo.InvariantCulture, Vhost, 443))
            .Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.2-fpm.pid\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.2/fpm/pool.d/blog.conf", "[blog]\nuser = blog\ngroup = blog\nlisten = /run/php/blog.sock\nlisten.owner = www-data\nlisten.group = www-data\npm = ondemand\npm.max_children = 5\nphp_value[max_execution_time] = 600\n");
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL006", "--format", "json");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        using var report = JsonDocument.Parse(output.Stdout);
        var findings = report.RootElement.GetProperty("diagnostics").EnumerateArray().Where(d => d.GetProperty("code").GetString() == "CL006").ToList();
        var finding = Assert.Single(findings);
        var edits = finding.GetProperty("fix").GetProperty("edits").EnumerateArray().Select(e => e.GetProperty("line").GetInt32()).ToList();
        Assert.Equal(2, edits.Count);
        Assert.NotEqual(edits[0], edits[1]);
    }

    /// <summary>Debian's php8.2-fpm.conf hands PHP to the pool at server level inside <c>&lt;IfModule proxy_fcgi_module&gt;</c>:
    /// the raise goes inside that condition, not above it, where it would stop Apache once mod_proxy is disabled.</summary>
    [Fact]
    public void A_server_level_raise_stays_inside_the_handlers_IfModule()
    {
        const string Conf = "<IfModule !mod_php8.c>\n<IfModule proxy_fcgi_module>\n    <FilesMatch \".+\\.php$\">\n        SetHandler \"proxy:unix:/run/php/php8.2-fpm.sock|fcgi://localhost\"\n    </FilesMatch>\n</IfModule>\n</IfModule>\n";
        using var tree = new TempTree()
            .Write("etc/apache2/apache2.conf", "Timeout 10\nIncludeOptional mods-enabled/*.load\nIncludeOptional conf-enabled/*.conf\n")
            .Write("etc/apache2/mods-enabled/proxy.load", "LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so\n")
            .Write("etc/apache2/mods-enabled/proxy_fcgi.load", "LoadModule proxy_fcgi_module /usr/lib/apache2/modules/mod_proxy_fcgi.so\n")
            .Write("etc/apache2/conf-enabled/php8.2-fpm.conf", Conf)
            .Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.2-fpm.pid\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.2/fpm/pool.d/www.conf", "[www]\nuser = www-data\ngroup = www-data\nlisten = /run/php/php8.2-fpm.sock\nlisten.owner = www-data\nlisten.group = www-data\npm = ondemand\npm.max_children = 5\nphp_value[max_execution_time] = 120\n");
        var output = CliRunner.Run("fix", "--root", tree.Root, "--select", "CL006");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        Assert.Equal(Conf.Replace("    <FilesMatch", "    ProxyTimeout 125\n    <FilesMatch", StringComparison.Ordinal), File.ReadAllText(Path.Combine(tree.Root, "etc/apache2/conf-enabled/php8.2-fpm.conf")));
    }

    /// <summary>A server's <c>Timeout</c> that the handlers of two pools inherit, both limited by one php.ini line, is one
    /// finding: its message names both handlers and both pools, not the first alone.</summary>
    [Fact]
    public void A_Timeout_inherited_by_several_handlers_names_each()
    {
        const string Pool = "[{0}]\nuser = www-data\ngroup = www-data\nlisten = /run/php/{0}.sock\nlisten.owner = www-data\nlisten.group = www-data\npm = ondemand\npm.max_children = 5\n";
        using var tree = new TempTree()
            .Write("etc/apache2/apache2.conf", "Timeout 30\nIncludeOptional mods-enabled/*.load\nIncludeOptional conf-enabled/*.conf\nIncludeOptional sites-enabled/*.conf\n")
            .Write("etc/apache2/mods-enabled/proxy.load", "LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so\n")
            .Write("etc/apache2/mods-enabled/proxy_fcgi.load", "LoadModule proxy_fcgi_module /usr/lib/apache2/modules/mod_proxy_fcgi.so\n")
            .Write("etc/apache2/conf-enabled/php8.2-fpm.conf", "<FilesMatch \".+\\.php$\">\n    SetHandler \"proxy:unix:/run/php/www.sock|fcgi://localhost\"\n</FilesMatch>\n")
            .Write("etc/apache2/sites-enabled/app.conf", "<VirtualHost *:80>\n    ServerName app.example.net\n    <FilesMatch \".+\\.php$\">\n        SetHandler \"proxy:unix:/run/php/app.sock|fcgi://app/\"\n    </FilesMatch>\n</VirtualHost>\n")
            .Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.2-fpm.pid\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.2/fpm/php.ini", "[PHP]\nmax_execution_time = 300\n")
            .Write("etc/php/8.2/fpm/pool.d/www.conf", string.Format(System.Globalization.CultureInfo.InvariantCulture, Pool, "www"))
            .Write("etc/php/8.2/fpm/pool.d/app.conf", string.Format(System.Globalization.CultureInfo.InvariantCulture, Pool, "app"));
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL006");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        Assert.Contains("Timeout 30s for SetHandler proxy:unix:/run/php/www.sock|fcgi://localhost and SetHandler proxy:unix:/run/php/app.sock|fcgi://app/, but PHP 8.2 pool 'www' and PHP 8.2 pool 'app' let a request run for 5m", output.Stdout, StringComparison.Ordinal);
        Assert.Single(output.Stdout.Split('\n'), l => l.Contains("warning CL006", StringComparison.Ordinal));
    }
}
