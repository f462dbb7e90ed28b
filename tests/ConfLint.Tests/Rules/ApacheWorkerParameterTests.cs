using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>CL006 and CL018 read a worker's parameters where mod_proxy does: a <c>&lt;Proxy URL key=value&gt;</c> line and
/// a <c>ProxySet</c> for the worker a front end uses count, one for another worker does not, and where more than one worker
/// may serve the front end --verbose says why it was not judged. (The fixtures CL006/bad-apache-proxy-section-timeout,
/// CL006/bad-apache-proxyset-timeout and CL018/good-proxy-line-secret hold the golden messages and fixes.)</summary>
public class ApacheWorkerParameterTests
{
    private const string Modules = "LoadModule proxy_module modules/mod_proxy.so\nLoadModule proxy_fcgi_module modules/mod_proxy_fcgi.so\nLoadModule proxy_http_module modules/mod_proxy_http.so\nListen 80\n";

    private static TempTree Shop(string vhostBody) => new TempTree()
        .Write("etc/apache2/apache2.conf", Modules + "<VirtualHost *:80>\n    ServerName shop.example.com\n    ProxyTimeout 60\n    <FilesMatch \\.php$>\n        SetHandler \"proxy:unix:/run/php/php8.2-fpm.sock|fcgi://shop/\"\n    </FilesMatch>\n" + vhostBody + "</VirtualHost>\n")
        .Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.2-fpm.pid\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n")
        .Write("etc/php/8.2/fpm/pool.d/www.conf", "[www]\nuser = www-data\ngroup = www-data\nlisten = /run/php/php8.2-fpm.sock\nlisten.owner = www-data\nlisten.group = www-data\npm = ondemand\npm.max_children = 5\nrequest_terminate_timeout = 300\n");

    [Theory]
    [InlineData("")]
    [InlineData("    <Proxy \"http://127.0.0.1:9090/\">\n        ProxySet timeout=5\n    </Proxy>\n")]
    [InlineData("    ProxySet fcgi://other/ timeout=600\n    <Proxy fcgi://other/>\n    </Proxy>\n")]
    public void A_ProxySet_for_another_worker_leaves_the_judgement(string beside)
    {
        using var tree = Shop(beside);
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL006");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        Assert.Contains("warning CL006 [*] ProxyTimeout 1m for SetHandler proxy:unix:/run/php/php8.2-fpm.sock|fcgi://shop/", output.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_workers_own_timeout_that_covers_the_pool_is_no_finding()
    {
        using var tree = Shop("    <Proxy fcgi://shop/ timeout=330>\n    </Proxy>\n");
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL006");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        Assert.DoesNotContain("CL006", output.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_worker_that_may_take_only_some_requests_is_a_verbose_note()
    {
        // The requests for scripts under /srv/shop/admin use the longer worker, the others fcgi://shop/ (defined second:
        // defined first, fcgi://shop/ would be the worker the longer section's lookup finds and sets).
        using var tree = Shop("    <Proxy fcgi://shop//srv/shop/admin timeout=20>\n    </Proxy>\n    <Proxy fcgi://shop/ timeout=600>\n    </Proxy>\n");
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL006", "--verbose");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        Assert.DoesNotContain("warning CL006", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("the proxy timeout of SetHandler proxy:unix:/run/php/php8.2-fpm.sock|fcgi://shop/ was not judged: <Proxy> at etc/apache2/apache2.conf:11 defines worker 'fcgi://shop//srv/shop/admin' with timeout=20", output.Stdout + output.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<Proxy \"ajp://127.0.0.1:8009/\" secret=0ld-s3cret>\n</Proxy>\n", true)]
    [InlineData("<Proxy \"ajp://127.0.0.1:8009/\" secret=s3cret>\n</Proxy>\n", false)]
    public void An_ajp_secret_on_the_Proxy_line_is_the_one_sent(string section, bool reported)
    {
        using var tree = new TempTree()
            .Write("etc/tomcat10/server.xml", "<Server port=\"-1\" shutdown=\"SHUTDOWN\">\n  <Service name=\"Catalina\">\n    <Connector protocol=\"AJP/1.3\" port=\"8009\" secret=\"s3cret\" />\n  </Service>\n</Server>\n")
            .Write("etc/apache2/apache2.conf", "LoadModule proxy_module modules/mod_proxy.so\nLoadModule proxy_ajp_module modules/mod_proxy_ajp.so\nListen 80\n<VirtualHost *:80>\n" +
                                               section + "    ProxyPass / ajp://127.0.0.1:8009/\n</VirtualHost>\n");
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL018");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        Assert.Equal(reported, output.Stdout.Contains("error CL018 ProxyPass ajp://127.0.0.1:8009/ sends a secret= that differs from the connector's", StringComparison.Ordinal));
        if (reported)
        {
            // The finding is on the section line's word; the ProxyPass does not define the worker, so no fix edits it.
            Assert.Contains("apache2.conf:5:", output.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("fixable", output.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_ProxyPass_that_shares_another_lines_worker_gets_no_secret_fix_on_its_own_line()
    {
        using var tree = new TempTree()
            .Write("etc/tomcat10/server.xml", "<Server port=\"-1\" shutdown=\"SHUTDOWN\">\n  <Service name=\"Catalina\">\n    <Connector protocol=\"AJP/1.3\" port=\"8009\" secret=\"s3cret\" />\n  </Service>\n</Server>\n")
            .Write("etc/apache2/apache2.conf", "LoadModule proxy_module modules/mod_proxy.so\nLoadModule proxy_ajp_module modules/mod_proxy_ajp.so\nListen 80\n<VirtualHost *:80>\n" +
                                               "    ProxyPass /a ajp://127.0.0.1:8009/\n    ProxyPass /b ajp://127.0.0.1:8009/b secret=s3cret\n</VirtualHost>\n");
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL018");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        // /b shares /a's worker (AH01146): its secret= is ignored and both send none.
        Assert.Contains("error CL018 ProxyPass ajp://127.0.0.1:8009/b sends no secret", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("error CL018 [*] ProxyPass ajp://127.0.0.1:8009/ sends no secret", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 fixable", output.Stdout, StringComparison.Ordinal);
    }
}
