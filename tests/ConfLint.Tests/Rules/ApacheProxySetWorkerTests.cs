using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>CL000 on a <c>ProxySet URL key=value</c> outside <c>&lt;Proxy&gt;</c> that names no worker or balancer its
/// server defined in the lines read before it: mod_proxy's set_proxy_param looks the name up (ap_proxy_get_worker_ex,
/// ap_proxy_get_balancer) and, outside a section, does not define one: <c>apache2 -t</c> stops with "ProxySet can not
/// find 'fcgi://friendica/' Worker." (checked with apache2 2.4 for each case here).</summary>
public class ApacheProxySetWorkerTests
{
    private static TempTree Root(string site) => new TempTree()
        .Write("etc/apache2/apache2.conf", "LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so\nLoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so\nLoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so\nLoadModule proxy_fcgi_module /usr/lib/apache2/modules/mod_proxy_fcgi.so\nLoadModule proxy_balancer_module /usr/lib/apache2/modules/mod_proxy_balancer.so\nLoadModule slotmem_shm_module /usr/lib/apache2/modules/mod_slotmem_shm.so\nErrorLog /tmp/error.log\nListen 80\nIncludeOptional sites-enabled/*.conf\n")
        .Write("etc/apache2/sites-enabled/app.conf", site);

    private static string Lint(TempTree tree)
    {
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL000");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        return output.Stdout;
    }

    private const string Handler = "    <FilesMatch \".+\\.php$\">\n        SetHandler \"proxy:unix:/run/php/app.sock|fcgi://friendica/\"\n    </FilesMatch>\n";

    [Fact]
    public void A_ProxySet_outside_Proxy_that_names_no_worker_defined_before_it_is_refused()
    {
        // The SetHandler names the worker, but defines none: only ProxyPass, <Proxy URL> with parameters and ProxySet inside <Proxy> do.
        using var tree = Root("<VirtualHost *:80>\n" + Handler + "    ProxySet \"fcgi://friendica/\" connectiontimeout=5 timeout=60\n</VirtualHost>\n");
        var report = Lint(tree);
        Assert.Contains("etc/apache2/sites-enabled/app.conf:5:5: error CL000 ProxySet can not find 'fcgi://friendica/' Worker.", report, StringComparison.Ordinal);

        // Defined after it, or only in the main server (a virtual host's table holds its own while the files are read): refused too.
        using var after = Root("<VirtualHost *:80>\n    ProxySet fcgi://friendica/ timeout=60\n    ProxyPass /x fcgi://friendica/\n</VirtualHost>\n");
        Assert.Contains("ProxySet can not find 'fcgi://friendica/' Worker.", Lint(after), StringComparison.Ordinal);
        using var main = Root("ProxyPass /x fcgi://friendica/\n<VirtualHost *:80>\n    ProxySet fcgi://friendica/ timeout=60\n</VirtualHost>\n");
        Assert.Contains("ProxySet can not find 'fcgi://friendica/' Worker.", Lint(main), StringComparison.Ordinal);

        // A <Proxy> section with nothing for the worker defines none; a balancer nobody defined is not found either.
        using var empty = Root("<Proxy fcgi://friendica/>\n    Require all granted\n</Proxy>\nProxySet fcgi://friendica/ timeout=60\n");
        Assert.Contains("ProxySet can not find 'fcgi://friendica/' Worker.", Lint(empty), StringComparison.Ordinal);
        using var balancer = Root("ProxySet balancer://app timeout=60\n");
        Assert.Contains("ProxySet can not find 'balancer://app' Balancer.", Lint(balancer), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<VirtualHost *:80>\n    ProxyPass /x \"fcgi://friendica/\"\n    ProxySet \"fcgi://friendica/\" timeout=60\n</VirtualHost>\n")]
    [InlineData("<VirtualHost *:80>\n    <Proxy \"fcgi://friendica/\">\n        ProxySet timeout=60\n    </Proxy>\n    ProxySet \"fcgi://friendica/\" connectiontimeout=5\n</VirtualHost>\n")]
    [InlineData("<Proxy \"fcgi://friendica/\" timeout=5>\n</Proxy>\nProxySet \"fcgi://friendica/\" timeout=60\n")]
    [InlineData("<Proxy \"balancer://app\">\n    BalancerMember fcgi://127.0.0.1:9000\n</Proxy>\nProxySet \"balancer://app\" timeout=60\n")]
    [InlineData("ProxyPass /x fcgi://FRIENDICA:8000/\nProxySet FCGI://Friendica/app/ timeout=60\n")]
    [InlineData("ProxyPass /x \"unix:/run/php/app.sock|fcgi://friendica/\"\nProxySet \"fcgi://friendica/\" timeout=60\n")]
    [InlineData("ProxyPassMatch ^/(.*\\.php)$ fcgi://friendica/$1\nProxySet fcgi://friendica/ timeout=60\n")]
    [InlineData("<Location /x>\n    ProxyPass fcgi://friendica/\n</Location>\nProxySet fcgi://friendica/ timeout=60\n")]
    [InlineData("ProxyPass /x ${BACKEND}\nProxySet fcgi://friendica/ timeout=60\n")]
    public void A_ProxySet_whose_worker_or_balancer_may_exist_is_not_reported(string site)
    {
        using var tree = Root(site);
        Assert.DoesNotContain("ProxySet can not find", Lint(tree), StringComparison.Ordinal);
    }
}
