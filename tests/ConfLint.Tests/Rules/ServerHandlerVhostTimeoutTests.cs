using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>CL006 on a main-server PHP handler (a conf-enabled <c>&lt;FilesMatch&gt;</c>) that virtual hosts inherit:
/// mod_proxy waits by the worker's <c>timeout=</c>, else the request's server's <c>ProxyTimeout</c> (a virtual host's own
/// over the main server's, merge_proxy_config), else its <c>Timeout</c> (ap_proxy_connect_backend). Each inheriting virtual
/// host is judged by its own chain: the finding stands at the line that governs it and the fix edits that line.</summary>
public class ServerHandlerVhostTimeoutTests
{
    private const string Handler = "<FilesMatch \"\\.php$\">\n    SetHandler \"proxy:unix:/run/php-app/app.sock|fcgi://app\"\n</FilesMatch>\n";

    private static string Vhost(string port, string inside) =>
        $"<VirtualHost *:{port}>\n    ServerName erp.example.com\n    DocumentRoot /srv/app\n{inside}</VirtualHost>\n";

    private static TempTree Tree(string sites, string handler = Handler, string main = "")
    {
        return new TempTree()
            .Write("etc/apache2/apache2.conf", "Timeout 300\n" + main + "IncludeOptional mods-enabled/*.load\nIncludeOptional conf-enabled/*.conf\nIncludeOptional sites-enabled/*.conf\n")
            .Write("etc/apache2/mods-enabled/proxy.load", "LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so\n")
            .Write("etc/apache2/mods-enabled/proxy_fcgi.load", "LoadModule proxy_fcgi_module /usr/lib/apache2/modules/mod_proxy_fcgi.so\n")
            .Write("etc/apache2/mods-enabled/rewrite.load", "LoadModule rewrite_module /usr/lib/apache2/modules/mod_rewrite.so\n")
            .Write("etc/apache2/conf-enabled/zz-app-fpm.conf", handler)
            .Write("etc/apache2/sites-enabled/app.conf", sites)
            .Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.2-fpm.pid\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.2/fpm/pool.d/app.conf", "[app]\nuser = www-data\ngroup = www-data\nlisten = /run/php-app/app.sock\nlisten.owner = www-data\nlisten.group = www-data\npm = ondemand\npm.max_children = 5\nphp_admin_value[max_execution_time] = 600\n");
    }

    private static (string Report, string Site, string Handler, string Main) Fix(TempTree tree)
    {
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL006");
        Assert.True(lint.ExitCode is 0 or 1, lint.Stderr);
        var fix = CliRunner.Run("fix", "--root", tree.Root, "--select", "CL006");
        Assert.True(fix.ExitCode is 0 or 1, fix.Stderr);
        return (lint.Stdout, File.ReadAllText(Path.Combine(tree.Root, "etc/apache2/sites-enabled/app.conf")),
            File.ReadAllText(Path.Combine(tree.Root, "etc/apache2/conf-enabled/zz-app-fpm.conf")), File.ReadAllText(Path.Combine(tree.Root, "etc/apache2/apache2.conf")));
    }

    private static List<string> Findings(string report) =>
        report.Split('\n').Where(l => l.Contains(" CL006 ", StringComparison.Ordinal) && (l.Contains("warning", StringComparison.Ordinal) || l.Contains("error", StringComparison.Ordinal))).ToList();

    /// <summary>The round-36 case: the virtual host's own ProxyTimeout 120 governs the inherited handler; the safe raise is of
    /// that line, not a main-server ProxyTimeout the virtual host overrides.</summary>
    [Fact]
    public void The_virtual_hosts_ProxyTimeout_governs_an_inherited_handler()
    {
        using var tree = Tree(Vhost("443", "    ProxyTimeout 120\n"));
        var (report, site, handler, main) = Fix(tree);
        var finding = Assert.Single(Findings(report));
        Assert.Contains("app.conf:4:18: warning CL006", finding, StringComparison.Ordinal);
        Assert.Contains("ProxyTimeout 2m (in <VirtualHost *:443> erp.example.com", finding, StringComparison.Ordinal);
        Assert.Contains("ProxyTimeout 605\n", site, StringComparison.Ordinal);
        Assert.DoesNotContain("ProxyTimeout", handler, StringComparison.Ordinal);
        Assert.StartsWith("Timeout 300\n", main, StringComparison.Ordinal);
    }

    /// <summary>Control: a virtual host without ProxyTimeout waits by the main server's Timeout, and a main-server
    /// ProxyTimeout beside the handler is the fix that takes effect there.</summary>
    [Fact]
    public void Without_its_own_ProxyTimeout_the_main_servers_Timeout_governs()
    {
        using var tree = Tree(Vhost("443", string.Empty));
        var (report, site, handler, _) = Fix(tree);
        var finding = Assert.Single(Findings(report));
        Assert.Contains("apache2.conf:1:9: warning CL006", finding, StringComparison.Ordinal);
        Assert.Equal("ProxyTimeout 605\n" + Handler, handler);
        Assert.DoesNotContain("ProxyTimeout", site, StringComparison.Ordinal);
    }

    /// <summary>Control: the worker's timeout= (a main-server &lt;Proxy&gt; for fcgi://app) wins over every ProxyTimeout:
    /// long enough, nothing is reported; too short, the finding and the fix are on the worker's word.</summary>
    [Theory]
    [InlineData("900", false)]
    [InlineData("100", true)]
    public void The_workers_timeout_wins_over_the_virtual_hosts_ProxyTimeout(string timeout, bool reported)
    {
        using var tree = Tree(Vhost("443", "    ProxyTimeout 120\n"), main: $"<Proxy \"fcgi://app\">\n    ProxySet timeout={timeout}\n</Proxy>\n");
        var (report, site, _, main) = Fix(tree);
        Assert.Contains("ProxyTimeout 120\n", site, StringComparison.Ordinal);
        if (reported)
        {
            Assert.Contains("apache2.conf:3:14: warning CL006", Assert.Single(Findings(report)), StringComparison.Ordinal);
            Assert.Contains("timeout=605", main, StringComparison.Ordinal);
        }
        else
        {
            Assert.Empty(Findings(report));
        }
    }

    /// <summary>A virtual host whose own ProxyTimeout is long enough is not cut short by the main server's Timeout 300,
    /// which the handler does not use for it (before, CL006 reported Timeout 300).</summary>
    [Fact]
    public void A_long_enough_ProxyTimeout_of_the_virtual_host_is_silent()
    {
        using var tree = Tree(Vhost("443", "    ProxyTimeout 900\n"));
        Assert.Empty(Findings(Fix(tree).Report));
    }

    /// <summary>Control: the virtual host's own handler (the corpus root as written) is judged as before, at its ProxyTimeout.</summary>
    [Fact]
    public void A_virtual_hosts_own_handler_is_unchanged()
    {
        using var tree = Tree(Vhost("443", "    <FilesMatch \"\\.php$\">\n        SetHandler \"proxy:unix:/run/php-app/app.sock|fcgi://app\"\n    </FilesMatch>\n    ProxyTimeout 120\n"), handler: "# nothing\n");
        var (report, site, _, _) = Fix(tree);
        Assert.Contains("app.conf:7:18: warning CL006", Assert.Single(Findings(report)), StringComparison.Ordinal);
        Assert.Contains("ProxyTimeout 605\n", site, StringComparison.Ordinal);
    }

    /// <summary>Two virtual hosts that wait by the main server's one Timeout line share one finding, naming both, with one
    /// safe edit.</summary>
    [Fact]
    public void Sites_sharing_the_governing_line_are_one_finding()
    {
        using var tree = Tree(Vhost("80", string.Empty) + Vhost("443", string.Empty));
        var (report, _, handler, _) = Fix(tree);
        var finding = Assert.Single(Findings(report));
        Assert.Contains("for 2 sites that inherit the main server's handler", finding, StringComparison.Ordinal);
        Assert.Equal("ProxyTimeout 605\n" + Handler, handler);
    }

    /// <summary>Two virtual hosts governed by different lines: two findings, and neither raise is safe alone (both are needed).</summary>
    [Fact]
    public void Sites_governed_by_different_lines_get_unsafe_raises()
    {
        using var tree = Tree(Vhost("80", string.Empty) + Vhost("443", "    ProxyTimeout 120\n"));
        var (report, site, handler, _) = Fix(tree);
        Assert.Equal(2, Findings(report).Count);
        Assert.Contains("all are needed", report, StringComparison.Ordinal);
        Assert.Contains("ProxyTimeout 120\n", site, StringComparison.Ordinal);
        Assert.Equal(Handler, handler);
    }

    /// <summary>Control: a virtual host that redirects every request (the port-80 half of an HTTPS site) runs no handler,
    /// so the main server's Timeout it would inherit is not judged for it.</summary>
    [Fact]
    public void A_virtual_host_that_redirects_everything_is_not_judged()
    {
        using var tree = Tree(Vhost("80", "    RewriteEngine On\n    RewriteRule ^ https://erp.example.com%{REQUEST_URI} [END,NE,R=permanent]\n") + Vhost("443", "    ProxyTimeout 900\n"));
        Assert.Empty(Findings(Fix(tree).Report));
    }
}
